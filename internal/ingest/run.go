package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Sink stores one article with what proc derives from it: every store engine.
type Sink interface {
	Ingest(ctx context.Context, art geo.Article, proc store.Processor) (store.Result, error)
}

// Options tune Run.
type Options struct {
	// Errors gets one line per file, item or line that failed; nil
	// discards them.
	Errors io.Writer
	// Progress, when it is a terminal, shows a status line redrawn at
	// most five times a second; otherwise nothing is written to it.
	Progress io.Writer
	// Now is the clock for progress; default time.Now.
	Now func() time.Time
	// Stdin is read for the path "-"; nil reads nothing there.
	Stdin io.Reader
	// Published, when set, dates the articles whose input gives no
	// publication date (a .txt file without front matter or sidecar, a
	// JSON object without "published"): undated articles make undated
	// incidents.
	Published time.Time
}

// Counts says what Run did.
type Counts struct {
	// Files counts the files opened.
	Files int
	// Read counts the articles read; New and Existed those stored and
	// those already there.
	Read, New, Existed int
	// Failed counts the paths, files, items and lines that could not be
	// read and the articles that could not be stored.
	Failed int
}

// String is the one-line summary: "3 files, 120 articles: 100 new, 15
// existed, 5 failed".
func (c Counts) String() string {
	return fmt.Sprintf("%d files, %d articles: %d new, %d existed, %d failed", c.Files, c.Read, c.New, c.Existed, c.Failed)
}

// Run reads every article under paths (see Files and Read) and stores it
// in dst. Unreadable input and articles the store rejects
// (store.ErrInvalidArticle, store.ErrProcess) are reported to
// opt.Errors, counted as failed and skipped. Any other store error, or
// the context ending, stops the run and is returned with the counts so
// far.
func Run(ctx context.Context, dst Sink, proc store.Processor, paths []string, opt Options) (Counts, error) {
	if opt.Errors == nil {
		opt.Errors = io.Discard
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	var c Counts
	prog := newProgress(opt.Progress, opt.Now)
	defer prog.clear()
	fail := func(where string, err error) {
		c.Failed++
		prog.clear()
		fmt.Fprintf(opt.Errors, "%s: %v\n", where, err)
	}
	files := Files(paths, fail)
	for _, path := range files {
		c.Files++
		items := Read(path)
		if path == Stdin {
			if opt.Stdin == nil {
				fail(path, errors.New("standard input is not available"))
				continue
			}
			items = ReadStdin(opt.Stdin)
		}
		for it := range items {
			if err := ctx.Err(); err != nil {
				return c, err
			}
			if it.Err != nil {
				fail(it.Where, it.Err)
				continue
			}
			c.Read++
			if it.Article.Published.IsZero() {
				it.Article.Published = opt.Published
			}
			res, err := dst.Ingest(ctx, it.Article, proc)
			switch {
			case errors.Is(err, store.ErrInvalidArticle) || errors.Is(err, store.ErrProcess):
				fail(it.Where, err)
			case err != nil:
				return c, fmt.Errorf("%s: %w", it.Where, err)
			case res.Existed:
				c.Existed++
			default:
				c.New++
			}
			prog.update(c)
		}
	}
	return c, nil
}

package gazfetch

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// UserAgent names the project and how to learn about it, as
// internal/follow's does.
const UserAgent = "incidentmap/1.0 (+https://github.com/incidentmap/incidentmap; gazetteer fetch)"

// Default timeouts: connecting (TCP and TLS), and the longest time a
// response may go without a byte (headers included) before it is taken as
// stalled.
const (
	DefaultConnectTimeout = 30 * time.Second
	DefaultIdleTimeout    = 60 * time.Second
)

// Errors a fetch wraps, for errors.Is.
var (
	// ErrUnreachable: the host could not be reached (offline, DNS, refused).
	ErrUnreachable = errors.New("cannot reach")
	// ErrNotFound: the server answered 404 or 410.
	ErrNotFound = errors.New("not found")
	// ErrStalled: the server sent nothing for longer than the idle timeout.
	ErrStalled = errors.New("stalled")
	// ErrCorrupt: the file received is not what it should be (short,
	// broken zip, wrong MD5, not a PBF); the cache keeps the old one.
	ErrCorrupt = errors.New("corrupt download")
	// ErrHTTP: any other unexpected HTTP status.
	ErrHTTP = errors.New("unexpected HTTP status")
)

// file is one cached download.
type file struct {
	URL   string
	Path  string // in the cache
	Label string // for progress lines: "SY.zip", "asia/syria-latest.osm.pbf"
	Size  int64
	MD5   string
	// Fresh is true when this run downloaded it, false when the server
	// said it had not changed.
	Fresh bool
}

// downloader fetches files into the cache.
type downloader struct {
	client   *http.Client
	idle     time.Duration
	dir      string
	progress *progress
}

func newDownloader(client *http.Client, connect, idle time.Duration, dir string, p *progress) *downloader {
	if connect <= 0 {
		connect = DefaultConnectTimeout
	}
	if idle <= 0 {
		idle = DefaultIdleTimeout
	}
	if client == nil {
		d := &net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}
		client = &http.Client{Transport: &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         d.DialContext,
			TLSHandshakeTimeout: connect,
			ForceAttemptHTTP2:   true,
			MaxIdleConnsPerHost: 2,
			IdleConnTimeout:     90 * time.Second,
		}}
	}
	return &downloader{client: client, idle: idle, dir: dir, progress: p}
}

// request says what to fetch and how to check it.
type request struct {
	url, label string
	// hint names the flag that points elsewhere ("--geonames-url").
	hint string
	// check verifies a downloaded file (path, its MD5 in hex) before it
	// replaces the cached one.
	check func(path, sum string) error
	// force skips revalidation: the cached copy is known to be wrong.
	force bool
}

// get returns the cached file for r.url, revalidated with the server (304:
// kept), or downloads it (200: checked, then put in place of the old one).
func (d *downloader) get(ctx context.Context, r request) (file, error) {
	dst, err := cachePath(d.dir, r.url)
	if err != nil {
		return file{}, err
	}
	old, cached := readMeta(dst, r.url)
	if r.force {
		cached = false
	}
	req, err := http.NewRequest(http.MethodGet, r.url, nil)
	if err != nil {
		return file{}, fmt.Errorf("gazfetch: %w", err)
	}
	req.Header.Set("User-Agent", UserAgent)
	if cached {
		if old.ETag != "" {
			req.Header.Set("If-None-Match", old.ETag)
		}
		if old.LastModified != "" {
			req.Header.Set("If-Modified-Since", old.LastModified)
		}
	}

	// The idle timer covers the wait for the headers and every gap in the
	// body: a stalled server cancels the request, with errStalled as cause.
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	timer := time.AfterFunc(d.idle, func() { cancel(errStalled) })
	defer timer.Stop()
	resp, err := d.client.Do(req.WithContext(rctx))
	if err != nil {
		return file{}, d.transportError(ctx, rctx, r, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && cached:
		d.progress.line("%s: not modified since %s, cached", r.label, old.Fetched.Format("2006-01-02"))
		return file{URL: r.url, Path: dst, Label: r.label, Size: old.Size, MD5: old.MD5}, nil
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return file{}, fmt.Errorf("gazfetch: %w: %s answered %s: the file has moved or does not exist there (use %s for a mirror)",
			ErrNotFound, r.url, resp.Status, r.hint)
	case resp.StatusCode != http.StatusOK:
		return file{}, fmt.Errorf("gazfetch: %w: %s answered %s", ErrHTTP, r.url, resp.Status)
	}

	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return file{}, fmt.Errorf("gazfetch: cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".part-*")
	if err != nil {
		return file{}, fmt.Errorf("gazfetch: cache: %w", err)
	}
	keep := false
	defer func() {
		if !keep {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := md5.New()
	body := &idleReader{r: resp.Body, timer: timer, idle: d.idle}
	cw := &countingWriter{w: io.MultiWriter(tmp, h), total: resp.ContentLength, label: r.label, p: d.progress}
	n, err := io.Copy(cw, body)
	timer.Stop() // the checks below may take longer than the idle time
	if err != nil {
		if context.Cause(rctx) == errStalled && ctx.Err() == nil {
			return file{}, fmt.Errorf("gazfetch: %w: %s sent nothing for %s after %s (a slow mirror? raise --idle-timeout)",
				ErrStalled, r.url, d.idle, byteSize(n))
		}
		if ctx.Err() != nil {
			return file{}, ctx.Err()
		}
		return file{}, fmt.Errorf("gazfetch: %w: %s: cut after %s: %v", ErrCorrupt, r.url, byteSize(n), err)
	}
	cw.done()
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return file{}, fmt.Errorf("gazfetch: %w: %s: %d bytes received, Content-Length said %d", ErrCorrupt, r.url, n, resp.ContentLength)
	}
	if err := tmp.Sync(); err != nil {
		return file{}, fmt.Errorf("gazfetch: cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return file{}, fmt.Errorf("gazfetch: cache: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if r.check != nil {
		if err := r.check(tmp.Name(), sum); err != nil {
			return file{}, fmt.Errorf("gazfetch: %w: %s: %v; the cache keeps the copy it had", ErrCorrupt, r.url, err)
		}
	}
	if err := removeMeta(dst); err != nil {
		return file{}, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return file{}, fmt.Errorf("gazfetch: cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return file{}, fmt.Errorf("gazfetch: cache: %w", err)
	}
	keep = true
	m := meta{URL: r.url, ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
		Size: n, MD5: sum, Fetched: time.Now().UTC()}
	if err := writeMeta(dst, m); err != nil {
		return file{}, err
	}
	return file{URL: r.url, Path: dst, Label: r.label, Size: n, MD5: sum, Fresh: true}, nil
}

var errStalled = errors.New("stalled")

// transportError explains a failed request: interrupted, stalled before
// the headers, or a host that cannot be reached.
func (d *downloader) transportError(ctx, rctx context.Context, r request, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if context.Cause(rctx) == errStalled {
		return fmt.Errorf("gazfetch: %w: %s sent no answer for %s (a slow mirror? raise --idle-timeout)", ErrStalled, r.url, d.idle)
	}
	host := r.url
	if u, perr := url.Parse(r.url); perr == nil {
		host = u.Host
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("gazfetch: %w %s: %v (offline? use %s for a mirror)", ErrUnreachable, host, err, r.hint)
}

// idleReader pushes the stall deadline back on every read that brings
// bytes.
type idleReader struct {
	r     io.Reader
	timer *time.Timer
	idle  time.Duration
}

func (ir *idleReader) Read(p []byte) (int, error) {
	n, err := ir.r.Read(p)
	if n > 0 {
		ir.timer.Reset(ir.idle)
	}
	return n, err
}

// countingWriter reports a download's progress.
type countingWriter struct {
	w     io.Writer
	n     int64
	total int64 // -1 when unknown
	label string
	p     *progress
}

func (cw *countingWriter) Write(b []byte) (int, error) {
	n, err := cw.w.Write(b)
	cw.n += int64(n)
	cw.p.bytes(cw.label, cw.n, cw.total, false)
	return n, err
}

func (cw *countingWriter) done() { cw.p.bytes(cw.label, cw.n, cw.total, true) }

// byteSize formats n as "512 B", "1.2 MB".
func byteSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.2f GB", float64(n)/1e9)
}

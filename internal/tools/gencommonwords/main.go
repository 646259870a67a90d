// Command gencommonwords marks which place names of the embedded
// gazetteer are also common Arabic words, for geo/lexicon's classes
// word.verb and word.noun (geo/lexicon/data/commonwords.tsv). Many names
// are ordinary words (تدمر "destroys", صور "pictures", مسقط "place of
// falling", البيض "eggs"); recognition asks more evidence of them. The
// words come from a broad dictionary read at generation time, Debian's
// hunspell-ar (Ayaspell), through the hunspell binary:
//
//	apt-get install hunspell hunspell-ar
//	go run ./internal/tools/gencommonwords -out geo/lexicon/data/commonwords.tsv
//
// (make lexicon). The output depends only on the embedded gazetteer and
// the dictionary, and is sorted, so make lexicon-check can verify the
// committed file.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
)

func main() {
	var cfg config
	flag.StringVar(&cfg.Dic, "dic", "/usr/share/hunspell/ar.dic", "Ayaspell's ar.dic (Debian package hunspell-ar)")
	flag.StringVar(&cfg.Aff, "aff", "/usr/share/hunspell/ar.aff", "Ayaspell's ar.aff")
	flag.StringVar(&cfg.Hunspell, "hunspell", "hunspell", "the hunspell binary")
	flag.StringVar(&cfg.Version, "dict-version", "", "the dictionary's version for the header (default: hunspell-ar's, from dpkg-query)")
	out := flag.String("out", "", "lexicon table to write")
	explain := flag.String("explain", "", "also write each match with hunspell's readings to this file")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg, *out, *explain); err != nil {
		fmt.Fprintln(os.Stderr, "gencommonwords:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config, out, explain string) error {
	start := time.Now()
	if _, err := exec.LookPath(cfg.Hunspell); err != nil {
		return fmt.Errorf("%w (install the Debian packages hunspell and hunspell-ar)", err)
	}
	for _, p := range []string{cfg.Dic, cfg.Aff} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%w (install the Debian package hunspell-ar)", err)
		}
	}
	if cfg.Version == "" {
		v, err := packageVersion(ctx, "hunspell-ar")
		if err != nil {
			return err
		}
		cfg.Version = v
	}
	digest, err := digestFiles(cfg.Dic, cfg.Aff)
	if err != nil {
		return err
	}
	places, err := embedded.Places()
	if err != nil {
		return err
	}
	res, err := generate(ctx, cfg, places)
	if err != nil {
		return err
	}
	// Ayaspell's ar.dic has some 50,000 noun and 118,000 verb entries and
	// 460 proper names: far fewer means the sections were misread.
	if e := res.Entries; e[0] < 10000 || e[1] < 10000 || e[2] < 100 {
		return fmt.Errorf("%s: %w: only %d noun entries, %d verb entries and %d names", cfg.Dic, ErrLayout, e[0], e[1], e[2])
	}
	var table bytes.Buffer
	if err := writeTable(&table, res, cfg, digest); err != nil {
		return err
	}
	if err := writeFile(out, table.Bytes()); err != nil {
		return err
	}
	if explain != "" {
		var b bytes.Buffer
		if err := writeExplain(&b, res); err != nil {
			return err
		}
		if err := writeFile(explain, b.Bytes()); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "gencommonwords: %s: %d names (%d spellings) asked, %d verbs, %d nouns (%d proper nouns left out of the dictionary), %.1fs\n",
		filepath.Base(out), res.Names, res.Words, res.count(classVerb), res.count(classNoun), res.Dropped, time.Since(start).Seconds())
	return nil
}

// packageVersion asks dpkg for an installed package's version.
func packageVersion(ctx context.Context, pkg string) (string, error) {
	b, err := exec.CommandContext(ctx, "dpkg-query", "-W", "-f=${Version}", pkg).Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return "", fmt.Errorf("dpkg-query %s: %s (give -dict-version)", pkg, strings.TrimSpace(string(ee.Stderr)))
	}
	if err != nil {
		return "", fmt.Errorf("dpkg-query %s: %w (give -dict-version)", pkg, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// writeFile writes through a temporary file, so that a failed run leaves
// the old file in place.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gencommonwords-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

package gazfetch

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/incidentmap/incidentmap/internal/gazimport"
)

// checkZip opens a GeoNames zip and reads every entry to its end, which
// checks each entry's CRC-32, then tells the format of its data file: a
// truncated or damaged archive, or an HTML error page served as 200, is
// refused here rather than half-imported later.
func checkZip(want gazimport.Format) func(path, sum string) error {
	return func(path, _ string) error {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return err
		}
		defer zr.Close()
		txt := false
		for _, zf := range zr.File {
			rc, err := zf.Open()
			if err != nil {
				return fmt.Errorf("%s: %w", zf.Name, err)
			}
			_, err = io.Copy(io.Discard, rc)
			rc.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", zf.Name, err)
			}
			txt = txt || strings.HasSuffix(strings.ToLower(zf.Name), ".txt")
		}
		if !txt {
			return errors.New("no .txt data file in the zip")
		}
		got, err := gazimport.Detect(path)
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("holds %s data, want %s", got, want)
		}
		return nil
	}
}

// maxBlobHeader is the largest BlobHeader the PBF format allows.
const maxBlobHeader = 64 << 10

// checkPBF checks the start of an OSM PBF file: a BlobHeader of sane
// length whose type (field 1) is "OSMHeader", and, when the source
// published one, the MD5 of the whole file.
func checkPBF(wantMD5 string) func(path, sum string) error {
	return func(path, sum string) error {
		if wantMD5 != "" && !strings.EqualFold(sum, wantMD5) {
			return fmt.Errorf("MD5 %s, the published .md5 says %s", sum, wantMD5)
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return pbfHeader(bufio.NewReader(f))
	}
}

// pbfHeader reads the first BlobHeader of a PBF stream.
func pbfHeader(r io.Reader) error {
	var n uint32
	if err := binary.Read(r, binary.BigEndian, &n); err != nil {
		return fmt.Errorf("not an OSM PBF file: %w", err)
	}
	if n == 0 || n > maxBlobHeader {
		return fmt.Errorf("not an OSM PBF file: first header length %d", n)
	}
	h := make([]byte, n)
	if _, err := io.ReadFull(r, h); err != nil {
		return fmt.Errorf("not an OSM PBF file: %w", err)
	}
	// Field 1, wire type 2 (0x0a), length 9, "OSMHeader".
	if !bytes.HasPrefix(h, append([]byte{0x0a, 9}, "OSMHeader"...)) {
		return errors.New("not an OSM PBF file: the first block is not an OSMHeader")
	}
	return nil
}

// parseMD5 reads a .md5 file as md5sum writes it ("<hex>  name").
func parseMD5(b []byte) (string, error) {
	f := strings.Fields(string(b))
	if len(f) == 0 || len(f[0]) != 32 {
		return "", errors.New("not an MD5 sum file")
	}
	for _, c := range f[0] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return "", errors.New("not an MD5 sum file")
		}
	}
	return strings.ToLower(f[0]), nil
}

// checkMD5File accepts a .md5 file that parseMD5 reads.
func checkMD5File(path, _ string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	_, err = parseMD5(b)
	return err
}

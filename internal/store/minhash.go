package store

import (
	"encoding/binary"
	"hash/fnv"
	"strings"

	"github.com/incidentmap/incidentmap/geo/arabic"
)

// Near-duplicate detection of syndicated wire stories: an agency's story
// reprinted by several outlets, each trimming or adding a line, must
// not count as independent confirmation of an incident. Each article's
// text is cut into shingles (runs of ShingleWords folded words) and
// summed up by a MinHash signature of SignatureSize values: the share of
// equal values between two signatures estimates the Jaccard similarity
// of their shingle sets. The signature is cut into Bands of
// SignatureSize/Bands values, each band hashed and indexed, so that a
// near copy is found by the bands it shares (locality-sensitive
// hashing) without comparing every article.
const (
	ShingleWords  = 3
	SignatureSize = 64
	Bands         = 16
	// NearDuplicateSimilarity is the estimated Jaccard similarity from
	// which two texts are one story.
	NearDuplicateSimilarity = 0.7
	// minShingles: texts shorter than this are not compared (a headline
	// alone says too little).
	minShingles = 8
)

// Signature is a text's MinHash signature, nil for a text too short to
// compare.
type Signature []uint32

// Sign computes the signature of text.
func Sign(text string) Signature {
	words := strings.Fields(arabic.Fold(text))
	if len(words) < ShingleWords+minShingles-1 {
		return nil
	}
	sig := make(Signature, SignatureSize)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	seen := map[uint64]bool{}
	for i := 0; i+ShingleWords <= len(words); i++ {
		h := fnv.New64a()
		for _, w := range words[i : i+ShingleWords] {
			h.Write([]byte(w))
			h.Write([]byte{' '})
		}
		x := h.Sum64()
		if seen[x] {
			continue
		}
		seen[x] = true
		for j := range sig {
			// A family of hash functions from one: multiply-shift with
			// odd constants per function.
			v := uint32((x*mults[j] + adds[j]) >> 32)
			if v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig
}

var mults, adds = func() ([SignatureSize]uint64, [SignatureSize]uint64) {
	var m, a [SignatureSize]uint64
	s := uint64(0x9e3779b97f4a7c15)
	next := func() uint64 { // splitmix64: fixed, so signatures are stable across builds
		s += 0x9e3779b97f4a7c15
		z := s
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		return z ^ (z >> 31)
	}
	for i := range m {
		m[i], a[i] = next()|1, next()
	}
	return m, a
}()

// BandKeys are the keys of the signature's bands, one per band, with
// the band's number in the top bits so bands never collide.
func (s Signature) BandKeys() []int64 {
	if len(s) != SignatureSize {
		return nil
	}
	per := SignatureSize / Bands
	keys := make([]int64, Bands)
	var b [4]byte
	for i := range Bands {
		h := fnv.New64a()
		for _, v := range s[i*per : (i+1)*per] {
			binary.LittleEndian.PutUint32(b[:], v)
			h.Write(b[:])
		}
		keys[i] = int64(uint64(i)<<58 | h.Sum64()>>6)
	}
	return keys
}

// Similarity estimates the Jaccard similarity of the texts of two
// signatures.
func (s Signature) Similarity(o Signature) float64 {
	if len(s) != SignatureSize || len(o) != SignatureSize {
		return 0
	}
	same := 0
	for i := range s {
		if s[i] == o[i] {
			same++
		}
	}
	return float64(same) / SignatureSize
}

// Bytes encodes the signature for storing.
func (s Signature) Bytes() []byte {
	b := make([]byte, 4*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b
}

// SignatureFrom decodes a stored signature.
func SignatureFrom(b []byte) Signature {
	if len(b) != 4*SignatureSize {
		return nil
	}
	s := make(Signature, SignatureSize)
	for i := range s {
		s[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return s
}

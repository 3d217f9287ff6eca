// A C2SP tlog-tiles client that knows nothing about Nara. It uses the Go project's own
// implementation of tiled logs and signed notes (golang.org/x/mod/sumdb/tlog and .../note, the
// code C2SP tlog-tiles and signed-note were written down from) to read a log over HTTP:
//
//	c2sp-tlog-client -log <url> -vkey <name+id+key> [-old <checkpoint file>] [-save <file>]
//
// It verifies the checkpoint signature, recomputes the root from the hash tiles (full and
// partial), re-hashes every entry bundle against the level-0 tiles, checks an inclusion proof
// for every entry, and, given an older checkpoint, a consistency proof from it. It prints one
// line "ok size=<n> root=<base64> entries=<n>" and exits 0, or prints the failure and exits 1.
package main

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8 // 256-hash tiles

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

func fetch(url string) ([]byte, error) {
	res, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return body, nil
}

// openCheckpoint verifies a signed note with the verifier key and parses the C2SP checkpoint body.
func openCheckpoint(raw []byte, vkey string) (checkpoint, error) {
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return checkpoint{}, fmt.Errorf("verifier key: %w", err)
	}
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint signature: %w", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		return checkpoint{}, errors.New("checkpoint body has fewer than three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return checkpoint{}, fmt.Errorf("checkpoint size %q", lines[1])
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		return checkpoint{}, fmt.Errorf("checkpoint root %q", lines[2])
	}
	if lines[0] != verifier.Name() {
		return checkpoint{}, fmt.Errorf("checkpoint origin %q is not the key name %q", lines[0], verifier.Name())
	}
	var root tlog.Hash
	copy(root[:], rootBytes)
	return checkpoint{origin: lines[0], size: size, root: root}, nil
}

// C2SP paths drop the height element that the Go checksum database puts after "tile/".
func c2spPath(t tlog.Tile) string {
	return "tile/" + strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", height))
}

// tileReader fetches tiles once each; tlog.TileHashReader checks every tile it is given
// against the signed root, so a cached tile is as trusted as a fetched one.
type tileReader struct {
	base  string
	cache map[string][]byte
}

func (r tileReader) Height() int { return height }

func (r tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		path := c2spPath(t)
		data, ok := r.cache[path]
		if !ok {
			var err error
			if data, err = fetch(r.base + "/" + path); err != nil {
				return nil, err
			}
			r.cache[path] = data
		}
		out[i] = data
	}
	return out, nil
}

func (r tileReader) SaveTiles([]tlog.Tile, [][]byte) {}

// entriesPath is the C2SP entry bundle path for the level-0 tile t.
func entriesPath(t tlog.Tile) string {
	return "tile/entries/" + strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/0/", height))
}

func bundleEntries(data []byte) ([][]byte, error) {
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			return nil, errors.New("entry bundle ends inside a length prefix")
		}
		n := int(binary.BigEndian.Uint16(data))
		if len(data) < 2+n {
			return nil, errors.New("entry bundle ends inside an entry")
		}
		entries = append(entries, data[2:2+n])
		data = data[2+n:]
	}
	return entries, nil
}

func run() (string, error) {
	logURL := flag.String("log", "", "log prefix URL, e.g. https://example.org/log")
	vkey := flag.String("vkey", "", "verifier key name+id+key")
	oldFile := flag.String("old", "", "a checkpoint seen before, to prove consistency from")
	saveFile := flag.String("save", "", "write the verified checkpoint here")
	flag.Parse()
	base := strings.TrimSuffix(*logURL, "/")

	raw, err := fetch(base + "/checkpoint")
	if err != nil {
		return "", err
	}
	cp, err := openCheckpoint(raw, *vkey)
	if err != nil {
		return "", err
	}
	tree := tlog.Tree{N: cp.size, Hash: cp.root}
	hashes := tlog.TileHashReader(tree, tileReader{base, map[string][]byte{}})
	if cp.size > 0 {
		root, err := tlog.TreeHash(cp.size, hashes)
		if err != nil {
			return "", fmt.Errorf("tiles: %w", err)
		}
		if root != cp.root {
			return "", errors.New("tiles do not recompute to the signed root")
		}
	}

	var seen int64
	for seen < cp.size {
		// The bundle that holds entry `seen` in a tree of cp.size entries: full, or the partial last one.
		t := tlog.Tile{H: height, L: 0, N: seen >> height, W: 1 << height}
		if rest := cp.size - t.N<<height; rest < int64(t.W) {
			t.W = int(rest)
		}
		data, err := fetch(base + "/" + entriesPath(t))
		if err != nil {
			return "", err
		}
		entries, err := bundleEntries(data)
		if err != nil {
			return "", err
		}
		if int64(len(entries)) != int64(t.W) {
			return "", fmt.Errorf("bundle %s has %d entries, want %d", entriesPath(t), len(entries), t.W)
		}
		for _, e := range entries {
			leaf, err := hashes.ReadHashes([]int64{tlog.StoredHashIndex(0, seen)})
			if err != nil {
				return "", err
			}
			if tlog.RecordHash(e) != leaf[0] {
				return "", fmt.Errorf("entry %d does not hash to its leaf", seen)
			}
			proof, err := tlog.ProveRecord(cp.size, seen, hashes)
			if err != nil {
				return "", err
			}
			if err := tlog.CheckRecord(proof, cp.size, cp.root, seen, tlog.RecordHash(e)); err != nil {
				return "", fmt.Errorf("inclusion of entry %d: %w", seen, err)
			}
			seen++
		}
	}

	if *oldFile != "" {
		oldRaw, err := os.ReadFile(*oldFile)
		if err != nil {
			return "", err
		}
		old, err := openCheckpoint(oldRaw, *vkey)
		if err != nil {
			return "", fmt.Errorf("old %w", err)
		}
		if old.size > cp.size {
			return "", fmt.Errorf("rolled back: size %d after %d", cp.size, old.size)
		}
		proof, err := tlog.ProveTree(cp.size, old.size, hashes)
		if err != nil {
			return "", err
		}
		if err := tlog.CheckTree(proof, cp.size, cp.root, old.size, old.root); err != nil {
			return "", fmt.Errorf("consistency with the old checkpoint: %w", err)
		}
	}
	if *saveFile != "" {
		if err := os.WriteFile(*saveFile, raw, 0o644); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("ok size=%d root=%s entries=%d", cp.size, base64.StdEncoding.EncodeToString(cp.root[:]), seen), nil
}

func main() {
	line, err := run()
	if err != nil {
		fmt.Println("FAIL", err)
		os.Exit(1)
	}
	fmt.Println(line)
}

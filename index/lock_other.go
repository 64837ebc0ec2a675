//go:build !unix

package index

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockFolder opens DIR/LOCK; without flock the one-writer rule rests on
// bleve's own lock of each generation.
func lockFolder(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	return f, nil
}

func unlockFile(f *os.File) error { return f.Close() }

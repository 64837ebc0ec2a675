package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"

	"projektsok/ingest"
	"projektsok/search/web"
)

// maxUploadBytes keeps one upload well under the server's admin body cap.
const maxUploadBytes = 64 << 20

// ingestRemote sends files to a running serve through POST
// /api/admin/ingest, in uploads of at most batch files, and prints a line
// after each upload the server has persisted.
func ingestRemote(ctx context.Context, server, token string, files []ingest.File, skipped, batch int, stdout, stderr io.Writer) error {
	if token == "" {
		return fmt.Errorf("%w: ingest --server needs the admin token in PROJEKTSOK_ADMIN_TOKEN", errUsage)
	}
	base, err := url.Parse(server)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return fmt.Errorf("%w: ingest: --server %q is not an http(s) URL", errUsage, server)
	}
	endpoint := base.JoinPath("/api/admin/ingest").String()
	client := &http.Client{}

	sum := ingestSummary{Skipped: skipped}
	acked := 0
	for i := 0; i < len(files); {
		var send []ingest.File
		size := int64(0)
		for ; i < len(files) && len(send) < batch; i++ {
			fi, err := os.Stat(files[i].Path)
			switch {
			case err != nil:
				sum.Failed++
				fmt.Fprintf(stderr, "%s: %v\n", files[i].Path, err)
				continue
			case fi.Size() > ingest.MaxFileSize:
				sum.Failed++
				fmt.Fprintf(stderr, "%s: %v (%d bytes)\n", files[i].Path, ingest.ErrTooLarge, fi.Size())
				continue
			}
			if len(send) > 0 && size+fi.Size() > maxUploadBytes {
				break
			}
			size += fi.Size()
			send = append(send, files[i])
		}
		if len(send) == 0 {
			continue
		}
		res, err := upload(ctx, client, endpoint, token, send)
		if err != nil {
			return fmt.Errorf("ingest via %s (%d documents acknowledged so far): %w", endpoint, acked, err)
		}
		byName := map[string]string{}
		for _, f := range send {
			byName[f.Rel] = f.Path
		}
		for _, f := range res.Failed {
			sum.Failed++
			name := f.File
			if p, ok := byName[name]; ok {
				name = p
			}
			fmt.Fprintf(stderr, "%s: %s\n", name, f.Error)
		}
		sum.Added += res.Indexed
		sum.Updated += res.Updated
		sum.Skipped += res.Skipped
		acked += res.Indexed + res.Updated
		fmt.Fprintf(stdout, "ingest: %d documents acknowledged\n", acked)
	}
	fmt.Fprintf(stdout, "%d indexed, %d updated, %d failed, %d skipped (unsupported) → %s\n",
		sum.Added, sum.Updated, sum.Failed, sum.Skipped, server)
	if sum.Failed > 0 {
		return exitCode(1)
	}
	return nil
}

// upload posts files as one multipart request, streamed from disk.
func upload(ctx context.Context, client *http.Client, endpoint, token string, files []ingest.File) (*web.AdminResult, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for _, f := range files {
			if err := copyPart(mw, f); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(mw.Close())
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, pr)
	if err != nil {
		pr.Close()
		return nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		_ = json.Unmarshal(body, &e)
		switch resp.StatusCode {
		case http.StatusUnauthorized:
			return nil, errors.New("the server refused the token in PROJEKTSOK_ADMIN_TOKEN")
		case http.StatusNotFound:
			return nil, errors.New("the server has no admin API: start serve with PROJEKTSOK_ADMIN_TOKEN set")
		}
		return nil, fmt.Errorf("server answered %s: %s", resp.Status, e.Error)
	}
	var res web.AdminResult
	if err := json.Unmarshal(body, &res); err != nil {
		return nil, fmt.Errorf("decode server answer: %w", err)
	}
	return &res, nil
}

// copyPart sends one file under its path relative to its ingest root, so
// that the server gives it the id a local ingest would.
func copyPart(mw *multipart.Writer, file ingest.File) error {
	f, err := os.Open(file.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := mw.CreateFormFile("file", file.Rel)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, f)
	return err
}

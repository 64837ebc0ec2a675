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
// /api/admin/ingest, in uploads of at most batch files, each under its path
// relative to its ingest root, and prints a line after each upload the
// server has persisted. The server tells every file's fate.
func ingestRemote(ctx context.Context, server, token string, files []ingest.File, batch int, prune bool, rep *reporter, stdout io.Writer) error {
	if token == "" {
		return fmt.Errorf("%w: ingest --server needs the admin token in PROJEKTSOK_ADMIN_TOKEN", errUsage)
	}
	if prune {
		return fmt.Errorf("%w: ingest --server cannot --prune (uploads come in parts); rebuild through the server instead", errUsage)
	}
	base, err := url.Parse(server)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return fmt.Errorf("%w: ingest: --server %q is not an http(s) URL", errUsage, server)
	}
	endpoint := base.JoinPath("/api/admin/ingest").String()
	client := &http.Client{}

	acked := 0
	for i := 0; i < len(files); {
		var send []ingest.File
		size := int64(0)
		for ; i < len(files) && len(send) < batch; i++ {
			fi, err := os.Stat(files[i].Path)
			switch {
			case err != nil:
				rep.add(ingest.FailedOutcome(files[i].Path, files[i].Rel, err))
				continue
			case fi.Size() > ingest.MaxFileSize:
				rep.add(ingest.FailedOutcome(files[i].Path, files[i].Rel,
					fmt.Errorf("%w (%d bytes, limit %d)", ingest.ErrTooLarge, fi.Size(), ingest.MaxFileSize)))
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
		for _, o := range res.Files {
			if p, ok := byName[o.Path]; ok {
				o.Path = p
			}
			rep.add(o)
		}
		acked += res.Indexed + res.Updated
		fmt.Fprintf(stdout, "ingest: %d documents acknowledged\n", acked)
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

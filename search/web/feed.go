package web

// The Atom feed of a search: GET /feed with the parameters of /api/search
// lists its most recently ingested documents, newest first, so that a feed
// reader can follow "new projects about validering in Västra Götaland".
// Entry ids are the documents' page URLs (stable while the document keeps
// its id); the feed's id is its own canonical URL.

import (
	"encoding/xml"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"projektsok/search"
)

// FeedSize is how many entries a feed holds unless size says otherwise.
const FeedSize = 30

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title    string      `xml:"title"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Link     atomLink    `xml:"link"`
	Summary  string      `xml:"summary"`
	Category []atomCat   `xml:"category"`
	Author   *atomPerson `xml:"author,omitempty"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

// baseURL is the scheme and host the request reached.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// feedTitle names a search in words: the query and the filter values.
func feedTitle(req search.Request) string {
	var parts []string
	if req.Query != "" {
		parts = append(parts, "”"+req.Query+"”")
	}
	for _, f := range search.FilterFields {
		if vals := req.Filters[f]; len(vals) > 0 {
			parts = append(parts, strings.Join(vals, " eller "))
		}
	}
	if req.StartYear != "" {
		parts = append(parts, "start "+req.StartYear)
	}
	if len(parts) == 0 {
		return "Projektsök: nya dokument"
	}
	return "Projektsök: " + strings.Join(parts, ", ")
}

func handleFeed(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := r.URL.Query()
		v.Del("sort")
		v.Del("from")
		if v.Get("size") == "" {
			v.Set("size", strconv.Itoa(FeedSize))
		}
		req, err := search.ParseRequest(v)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		req.Sort = search.SortIngested
		res, err := eng.Search(r.Context(), req)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		base := baseURL(r)
		params := requestValues(req)
		params.Del("sort")
		if req.Size == FeedSize {
			params.Del("size")
		}
		self := base + "/feed"
		page := base + "/"
		if len(params) > 0 {
			self += "?" + params.Encode()
			page += "?" + params.Encode()
		}
		f := atomFeed{
			Lang: "sv", Title: feedTitle(req), ID: self,
			Subtitle: "De senast tillagda projekten och slutrapporterna som sökningen hittar.",
			Links: []atomLink{
				{Rel: "self", Type: "application/atom+xml", Href: self},
				{Rel: "alternate", Type: "text/html", Href: page},
			},
			Author: atomPerson{Name: "Projektsök"},
		}
		for _, h := range res.Hits {
			e := atomEntry{
				Title:   h.Title,
				ID:      base + "/projekt/" + url.PathEscape(h.ID),
				Updated: h.Ingested,
				Link:    atomLink{Rel: "alternate", Type: "text/html", Href: base + "/projekt/" + url.PathEscape(h.ID)},
				Summary: hitMeta(h, func(s string) string { return s }),
			}
			if e.Title == "" {
				e.Title = "(utan titel)"
			}
			if e.Updated == "" { // indexed before ingest times were kept
				e.Updated = "1970-01-01T00:00:00Z"
			}
			if h.Owner != "" {
				e.Author = &atomPerson{Name: h.Owner}
			}
			for _, m := range h.Municipalities {
				e.Category = append(e.Category, atomCat{Term: m})
			}
			if e.Updated > f.Updated {
				f.Updated = e.Updated
			}
			f.Entries = append(f.Entries, e)
		}
		if f.Updated == "" {
			f.Updated = time.Now().UTC().Format(time.RFC3339)
		}
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=300")
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write([]byte(xml.Header))
		enc := xml.NewEncoder(w)
		enc.Indent("", " ")
		if err := enc.Encode(f); err != nil && r.Context().Err() == nil {
			log.Error("feed", "path", r.URL.Path, "err", err)
		}
	})
}

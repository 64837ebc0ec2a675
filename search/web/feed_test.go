package web

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"projektsok/search"
	"projektsok/search/searchtest"
)

type parsedFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

// TestFeed ingests the fixture in two batches a second apart: the feed of
// a search lists its documents newest first, as a valid Atom document
// whose ids do not change between requests.
func TestFeed(t *testing.T) {
	recs := searchtest.Fixture()
	idx := searchtest.Index(t, recs[:2])
	time.Sleep(1100 * time.Millisecond) // ingest times are whole seconds
	if _, err := idx.Put(context.Background(), recs[2:]); err != nil {
		t.Fatal(err)
	}
	srv := serverFor(t, search.NewEngine(idx))

	read := func(q string) parsedFeed {
		t.Helper()
		res, body := get(t, srv.URL+"/feed?"+q)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: status %d, %s", q, res.StatusCode, res.Header.Get("Content-Type"))
		}
		var f parsedFeed
		if err := xml.Unmarshal(body, &f); err != nil {
			t.Fatalf("%s: not Atom: %v\n%s", q, err, body)
		}
		if f.ID == "" || f.Title == "" || f.Author.Name == "" {
			t.Errorf("%s: feed lacks id, title or author: %+v", q, f)
		}
		if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
			t.Errorf("%s: updated %q: %v", q, f.Updated, err)
		}
		for _, e := range f.Entries {
			if _, err := time.Parse(time.RFC3339, e.Updated); err != nil || e.ID == "" || e.Title == "" || e.Link.Href != e.ID {
				t.Errorf("%s: entry %+v", q, e)
			}
		}
		return f
	}
	ids := func(f parsedFeed) []string {
		var out []string
		for _, e := range f.Entries {
			out = append(out, e.ID[strings.LastIndex(e.ID, "/")+1:])
		}
		return out
	}

	all := read("")
	if len(all.Entries) != len(recs) {
		t.Fatalf("%d entries, want %d", len(all.Entries), len(recs))
	}
	// newest first: the second batch before the first
	first := map[string]bool{recs[0].ID: true, recs[1].ID: true}
	for i, id := range ids(all) {
		if first[id] != (i >= len(recs)-2) {
			t.Errorf("order %v: the first batch (%s, %s) must come last", ids(all), recs[0].ID, recs[1].ID)
			break
		}
	}
	for i := 1; i < len(all.Entries); i++ {
		if all.Entries[i].Updated > all.Entries[i-1].Updated {
			t.Errorf("entry %d is newer than entry %d", i, i-1)
		}
	}
	if all.Updated != all.Entries[0].Updated {
		t.Errorf("feed updated %s, newest entry %s", all.Updated, all.Entries[0].Updated)
	}
	if diff := cmp.Diff(all, read("")); diff != "" {
		t.Errorf("a second request differs:\n%s", diff)
	}

	// a filtered search: its documents only, the feed links its page
	f := read("q=arbete&municipality=Botkyrka")
	if diff := cmp.Diff([]string{"huddinge-unga", "matchning-botkyrka"}, sorted(ids(f))); diff != "" {
		t.Errorf("filtered feed (-want +got):\n%s", diff)
	}
	var self, alt string
	for _, l := range f.Links {
		switch l.Rel {
		case "self":
			self = l.Href
		case "alternate":
			alt = l.Href
		}
	}
	if self != f.ID || !strings.HasSuffix(self, "/feed?municipality=Botkyrka&q=arbete") || !strings.HasSuffix(alt, "/?municipality=Botkyrka&q=arbete") {
		t.Errorf("links: self %q, alternate %q, id %q", self, alt, f.ID)
	}
	if res, _ := get(t, srv.URL+"/feed?sort=title"); res.StatusCode != 200 {
		t.Errorf("sort is the feed's own: a sort parameter is ignored, got %d", res.StatusCode)
	}
	if res, _ := get(t, srv.URL+"/feed?q=%22x"); res.StatusCode != 400 {
		t.Errorf("bad query: %d", res.StatusCode)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// TestPagesLinkTheFeed: the search page names its feed in <head> and in
// the toolbar.
func TestPagesLinkTheFeed(t *testing.T) {
	srv := pageServer(t)
	_, page := getPage(t, srv.URL+"/?q=arbete&municipality=Botkyrka")
	for _, want := range []string{
		`<link rel="alternate" type="application/atom+xml" title="Nya dokument i sökningen (Atom)" href="/feed?municipality=Botkyrka&amp;q=arbete">`,
		`<a class="feed" href="/feed?municipality=Botkyrka&amp;q=arbete">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

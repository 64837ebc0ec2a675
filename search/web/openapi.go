package web

// GET /api/openapi.json: an OpenAPI 3.1 description of every route of
// routes.go — the JSON API, the admin API, the pages, the feed and the
// operational endpoints — with their parameters and the error shape.
// TestOpenAPIDescribesEveryRoute walks the real router and fails for a
// route or method described here not.

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"projektsok/search"
)

type obj = map[string]any

func ref(name string) obj { return obj{"$ref": "#/components/" + name} }

// errorResponses are the error answers of a JSON endpoint, by status.
func errorResponses(statuses ...int) obj {
	out := obj{}
	for _, s := range statuses {
		out[strconv.Itoa(s)] = ref("responses/Error" + strconv.Itoa(s))
	}
	return out
}

func jsonResponse(description string, schema obj) obj {
	return obj{"description": description, "content": obj{"application/json": obj{"schema": schema}}}
}

func htmlResponse(description string) obj {
	return obj{"description": description, "content": obj{"text/html": obj{"schema": obj{"type": "string"}}}}
}

// op is one operation: its summary, description, parameters and answers.
func op(summary, description string, params []any, ok obj, errs ...int) obj {
	responses := errorResponses(errs...)
	responses["200"] = ok
	o := obj{"summary": summary, "description": description, "responses": responses}
	if len(params) > 0 {
		o["parameters"] = params
	}
	return o
}

func pathParam(name, description string) obj {
	return obj{"name": name, "in": "path", "required": true, "description": description, "schema": obj{"type": "string"}}
}

func queryParam(name, description string, schema obj) obj {
	return obj{"name": name, "in": "query", "description": description, "schema": schema}
}

// searchParams are the parameters of /api/search, shared by every
// endpoint that describes a search.
// langParam: the language of error messages (apiLang in errors.go).
func langParam() obj {
	return queryParam("lang", "en: error messages in English; otherwise (and whatever Accept-Language says) in Swedish.", obj{"type": "string", "enum": []string{langSV, langEN}, "default": langSV})
}

func searchParams() []any {
	str := obj{"type": "string"}
	list := obj{"type": "array", "items": str, "maxItems": search.MaxFilterVals}
	ps := []any{
		queryParam("q", "The query: words are all required; \"a phrase\"; -word excludes; a OR b; field:value; word* (prefix); word~ (typos). Empty finds every document.", obj{"type": "string", "maxLength": search.MaxQueryLen}),
	}
	for _, f := range search.FilterFields {
		p := queryParam(f, "Filter on "+f+": may repeat; values of one field are OR-ed, fields AND-ed.", list)
		p["style"], p["explode"] = "form", true
		ps = append(ps, p)
	}
	return append(ps,
		queryParam("active_from", "YYYY or YYYY-MM-DD: keep documents whose project period ends on or after it.", str),
		queryParam("active_to", "YYYY or YYYY-MM-DD: keep documents whose project period starts on or before it.", str),
		queryParam("start_year", "YYYY: keep projects that started that year.", obj{"type": "string", "pattern": "^[0-9]{4}$"}),
		queryParam("budget_min", "Total budget at least this many SEK.", obj{"type": "integer", "minimum": 0}),
		queryParam("budget_max", "Total budget at most this many SEK.", obj{"type": "integer", "minimum": 0}),
		queryParam("sort", "Order of the hits.", obj{"type": "string", "enum": []string{search.SortRelevance, search.SortNewest, search.SortOldest, search.SortBudget, search.SortIngested}, "default": search.SortRelevance}),
		queryParam("from", "Paging: hits to skip (from + size ≤ 10 000).", obj{"type": "integer", "minimum": 0, "default": 0}),
		queryParam("size", "Paging: hits per page.", obj{"type": "integer", "minimum": 0, "maximum": search.MaxSize, "default": search.DefaultSize}),
		langParam(),
	)
}

var openAPI = sync.OnceValues(func() ([]byte, error) {
	facts := obj{"type": "object", "description": "What a hit tells about a document.", "properties": obj{
		"id": obj{"type": "string"}, "source": obj{"type": "string"}, "title": obj{"type": "string"},
		"doc_type":       obj{"type": "string", "enum": []string{"projekt", "slutrapport"}},
		"programme_area": obj{"type": "string"}, "phase": obj{"type": "string"}, "owner": obj{"type": "string"},
		"region": obj{"type": "string"}, "county": obj{"type": "string"},
		"municipalities": obj{"type": "array", "items": obj{"type": "string"}},
		"period_start":   obj{"type": "string", "format": "date"}, "period_end": obj{"type": "string", "format": "date"},
		"esf_support_sek": obj{"type": "integer"}, "total_budget_sek": obj{"type": "integer"},
		"methods": obj{"type": "array", "items": obj{"type": "string"}}, "target_groups": obj{"type": "array", "items": obj{"type": "string"}},
		"score": obj{"type": "number"}, "snippets": obj{"type": "array", "items": obj{"type": "string"}, "description": "HTML: matches in <mark>, all other text escaped."},
		"ingested": obj{"type": "string", "format": "date-time"},
	}}
	// a search hit: the facts, and the words it lacks when the search was
	// relaxed
	hitProps := obj{"missing": obj{"type": "array", "items": obj{"type": "string"},
		"description": "The typed words (an OR-group as typed) this document lacks: only when no document holds every word (see relaxed), and on the hits added after a short first page's matches (see lacking)."}}
	for k, v := range facts["properties"].(obj) {
		hitProps[k] = v
	}
	hit := obj{"type": "object", "description": "A hit: what it tells about a document.", "properties": hitProps}
	facetValues := obj{"type": "array", "items": ref("schemas/FacetValue")}
	bars := obj{"type": "array", "items": ref("schemas/Bar")}
	admin := op("", "", nil, jsonResponse("What was indexed.", ref("schemas/AdminResult")), 400, 401, 409, 413, 415)
	admin["requestBody"] = obj{"required": true, "content": obj{
		"multipart/form-data": obj{"schema": obj{"type": "object", "properties": obj{"file": obj{"type": "array", "items": obj{"type": "string", "contentMediaType": "application/octet-stream"}}}}},
		"application/json":    obj{"schema": obj{"type": "object", "required": []string{"paths"}, "properties": obj{"paths": obj{"type": "array", "items": obj{"type": "string"}}, "prune": obj{"type": "boolean", "description": "Remove the documents of files these paths no longer hold."}}}},
	}}
	admin["security"] = []any{obj{"bearer": []string{}}}
	adminOp := func(summary, description string) obj {
		o := obj{}
		for k, v := range admin {
			o[k] = v
		}
		o["summary"], o["description"] = summary, description
		return obj{"post": o}
	}
	get := func(o obj) obj { return obj{"get": o} }

	doc := obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":       "Projektsök",
			"version":     "1",
			"description": "Full-text search over Swedish European Social Fund (ESF) project documents. Every JSON error is {\"error\": \"…\"} with a message for a person to act on, in Swedish, or in English with lang=en; a 5xx never reveals internals. Every GET also answers HEAD.",
		},
		"paths": obj{
			"/api/search": get(op("Search", "Hits, multi-select facet counts and snippets of a search. With format=csv or format=json, every hit (up to 10 000) as a download instead; X-Export-Total and X-Export-Truncated tell how many. A search asked again may be answered from the answer cache, byte for byte as first sent (took_ms is the time of that search); X-Answer-Cache says hit, shared or miss.",
				append(searchParams(), queryParam("format", "csv or json: download every hit instead of a page.", obj{"type": "string", "enum": []string{"csv", "json"}})),
				jsonResponse("The hits and facet counts.", ref("schemas/SearchResponse")), 400, 503)),
			"/api/documents/{id}": get(op("Document", "The whole stored record of one document, with source, sources, hash, format, encoding and related: {pages, reports} of the same project. An id given out by an earlier version (the file name without extension) answers 301 to the document's id now, or 300 with {error, candidates} when several files shared it.", []any{pathParam("id", "The document's id.")},
				jsonResponse("The record.", obj{"type": "object"}), 404)),
			"/api/documents/{id}/similar": get(op("Similar documents", "The most similar other documents, with the reasons.",
				[]any{pathParam("id", "The document's id."), queryParam("size", "How many.", obj{"type": "integer", "minimum": 1, "maximum": search.MaxSimilar, "default": search.DefaultSimilar}), langParam()},
				jsonResponse("Similar documents.", obj{"type": "object", "properties": obj{"id": obj{"type": "string"}, "hits": obj{"type": "array", "items": facts}}}), 400, 404)),
			"/api/facets/{field}": get(op("All values of a facet", "Every value of one facet (up to 1 000) with multi-select counts for a search.",
				append([]any{pathParam("field", "region, county, owner, programme_area, municipality, phase, doc_type, methods, target_groups, has_report or period."),
					queryParam("prefix", "Keep values of which a word starts with it (case and å/ä/ö ignored).", obj{"type": "string"})}, searchParams()...),
				jsonResponse("The values.", obj{"type": "object", "properties": obj{"field": obj{"type": "string"}, "values": facetValues}}), 400, 404)),
			"/api/suggest": get(op("Autocomplete", "Words and titles completing what has been typed.",
				[]any{queryParam("q", "What has been typed.", obj{"type": "string"}), langParam()},
				jsonResponse("Suggestions.", obj{"type": "object", "properties": obj{"suggestions": obj{"type": "array", "items": obj{"type": "object", "properties": obj{
					"text": obj{"type": "string"}, "kind": obj{"type": "string", "enum": []string{"word", "title"}}, "id": obj{"type": "string"}, "count": obj{"type": "integer"}}}}}}), 400)),
			"/api/overview": get(op("Overview of a search", "Totals and groups of every hit of a search: per start year, region, county, and the largest owners, methods, target groups and municipalities. from, size and sort do not matter.",
				searchParams(), jsonResponse("The overview.", ref("schemas/Overview")), 400, 503)),
			"/api/openapi.json":  get(op("This description", "The OpenAPI 3.1 description of every route.", nil, jsonResponse("OpenAPI document.", obj{"type": "object"}))),
			"/api/admin/ingest":  adminOp("Add or update documents", "Only with PROJEKTSOK_ADMIN_TOKEN (else 404). Indexes uploaded files (multipart, field file) or files on the server inside PROJEKTSOK_INGEST_ROOTS (JSON paths) into the live index."),
			"/api/admin/rebuild": adminOp("Rebuild the index", "Only with PROJEKTSOK_ADMIN_TOKEN (else 404). Builds a new index from the given documents only and swaps it in; 409 while another rebuild runs."),
			"/healthz":           get(op("Liveness", "ok and the number of documents (starting while the index opens).", nil, jsonResponse("Alive.", obj{"type": "object"}))),
			"/readyz":            get(op("Readiness", "200 once the index is open and answers a search, 503 otherwise.", nil, jsonResponse("Ready.", obj{"type": "object"}), 503)),
			"/metrics":           get(op("Prometheus metrics", "Request counts and durations by route and status class, search durations, index size and generation, ingest counts.", nil, obj{"description": "Prometheus text format.", "content": obj{"text/plain": obj{"schema": obj{"type": "string"}}}})),
			"/":                  get(op("Search page", "The search page (HTML), with the parameters of /api/search; works without JavaScript.", searchParams(), htmlResponse("The page."), 400)),
			"/oversikt":          get(op("Overview page", "The overview of a search as SVG charts with tables (HTML).", searchParams(), htmlResponse("The page."), 400)),
			"/projekt/{id}":      get(op("Document page", "One document with its facts, sections, citation and similar projects (HTML). A former id redirects (301) or lists its documents (300).", []any{pathParam("id", "The document's id.")}, htmlResponse("The page."), 404)),
			"/filter/{field}":    get(op("Facet page", "Every value of one facet for a search (HTML).", append([]any{pathParam("field", "The facet.")}, searchParams()...), htmlResponse("The page."), 404)),
			"/feed": get(op("Atom feed of a search", "The most recently ingested documents of a search, newest first (size up to 100, default 30).", searchParams(),
				obj{"description": "Atom 1.0.", "content": obj{"application/atom+xml": obj{"schema": obj{"type": "string"}}}}, 400)),
			"/static/{asset}": get(op("Assets", "The stylesheet, the script and the icon; with ?v=<hash> cacheable for a year.", []any{pathParam("asset", "app.css, app.js or favicon.svg.")},
				obj{"description": "The file."}, 404)),
			"/favicon.ico": get(op("Icon", "Redirects (302) to the icon.", nil, obj{"description": "Not sent: the answer is a redirect."})),
		},
		"components": obj{
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer", "description": "PROJEKTSOK_ADMIN_TOKEN"}},
			"schemas": obj{
				"Error":      obj{"type": "object", "required": []string{"error"}, "properties": obj{"error": obj{"type": "string", "description": "What went wrong, for a person to act on: in Swedish, or in English with lang=en."}}},
				"FacetValue": obj{"type": "object", "properties": obj{"value": obj{"type": "string"}, "count": obj{"type": "integer"}}},
				"Bar":        obj{"type": "object", "properties": obj{"value": obj{"type": "string"}, "count": obj{"type": "integer"}, "esf_support_sek": obj{"type": "integer"}}},
				"Hit":        hit,
				"SearchResponse": obj{"type": "object", "properties": obj{
					"total": obj{"type": "integer"}, "took_ms": obj{"type": "number"}, "hits": obj{"type": "array", "items": ref("schemas/Hit")},
					"facets":     obj{"type": "object", "additionalProperties": facetValues},
					"suggestion": obj{"type": "string", "description": "A respelled query that finds something, when this one finds (almost) nothing."},
					"lacking":    obj{"type": "integer", "description": "How many hits at the end of a first page (relevance order, a query of three words or more) are documents lacking one of the words, added because the matches do not fill the page; each names it in missing. They are not in total, facets, groups or more."},
					"relaxed": obj{"type": "object", "description": "Only when no document holds every word: the hits, total and facets are then those of the search shown instead — the respelled query (query) when it finds something, else the documents that hold every word but one (any one; then but two, … while at least half of the words stay), ranked as usual, each hit naming in missing the words it lacks. Excluded words and filters still apply.", "required": []string{"reason"}, "properties": obj{
						"query":   obj{"type": "string", "description": "The respelled query shown instead."},
						"lacking": obj{"type": "integer", "description": "How many of the typed words each hit lacks (1: all but one)."},
						"absent":  obj{"type": "array", "items": obj{"type": "string"}, "description": "Typed words no document holds at all."},
						"reason":  obj{"type": "string", "description": "Why, for a person, in Swedish."},
					}},
					"empty": obj{"type": "object", "description": "Only when the search found nothing and nothing near it (a respelling, the documents lacking a word) finds anything either: why. A respelling of words that are Swedish as typed is then offered in suggestion, not shown.", "required": []string{"reason"}, "properties": obj{
						"absent":     obj{"type": "array", "items": obj{"type": "string"}, "description": "Typed words no document holds at all."},
						"unfiltered": obj{"type": "integer", "description": "How many documents the words find without the filters (facets, period, budget, start year), when the filters left nothing."},
						"reason":     obj{"type": "string", "description": "Why, for a person, in Swedish."},
					}},
				}},
				"Overview": obj{"type": "object", "properties": obj{
					"projects": obj{"type": "integer"}, "esf_support_sek": obj{"type": "integer"}, "total_budget_sek": obj{"type": "integer"},
					"median_months": obj{"type": "number"}, "with_period": obj{"type": "integer"},
					"start_years": bars, "regions": bars, "counties": bars, "owners": bars, "methods": bars, "target_groups": bars, "municipalities": bars,
				}},
				"AdminResult": obj{"type": "object", "description": "Every file's fate: found = indexed + updated + unchanged + duplicate + skipped + failed.", "properties": obj{
					"found": obj{"type": "integer"}, "indexed": obj{"type": "integer"}, "updated": obj{"type": "integer"},
					"unchanged": obj{"type": "integer"}, "duplicate": obj{"type": "integer"}, "skipped": obj{"type": "integer"},
					"failed": obj{"type": "integer"}, "pruned": obj{"type": "integer"}, "kept": obj{"type": "integer"},
					"failed_files": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"file": obj{"type": "string"}, "error": obj{"type": "string"}}}},
					"files": obj{"type": "array", "items": obj{"type": "object", "properties": obj{
						"path": obj{"type": "string"}, "source": obj{"type": "string"}, "id": obj{"type": "string"},
						"fate":   obj{"type": "string", "enum": []string{"indexed", "updated", "unchanged", "duplicate", "skipped", "failed", "pruned"}},
						"reason": obj{"type": "string"}, "format": obj{"type": "string"}, "encoding": obj{"type": "string"}, "chars": obj{"type": "integer"},
					}}},
					"documents": obj{"type": "integer"}, "generation": obj{"type": "integer"},
				}},
			},
			"responses": func() obj {
				out := obj{}
				for s, d := range map[int]string{400: "A bad parameter or query.", 401: "No or a wrong token.", 404: "No such document, facet or page.",
					405: "Wrong method.", 409: "Another index write is running.", 413: "The body is too large.", 415: "Neither multipart nor JSON.",
					503: "The search took too long, or the service is not ready."} {
					out["Error"+strconv.Itoa(s)] = jsonResponse(d, ref("schemas/Error"))
				}
				return out
			}(),
		},
	}
	return json.MarshalIndent(doc, "", " ")
})

func handleOpenAPI(log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := openAPI()
		if err != nil {
			writeError(w, r, log, fmt.Errorf("openapi: %w", err))
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "max-age=300")
		_, _ = w.Write(b)
	})
}

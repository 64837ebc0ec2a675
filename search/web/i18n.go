package web

// The pages in English. Interface text is written once, in Swedish, where
// it is used (templates and this package); english maps each such text to
// its translation, the one place both languages meet. The documents
// themselves stay Swedish. A page is English with ?lang=en, or when the
// browser prefers English to Swedish (Accept-Language) and no lang says
// otherwise; every link of an English page keeps lang=en.

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Languages of the pages.
const (
	langSV = "sv"
	langEN = "en"
)

// pageLang picks a request's language: lang=sv|en, else the browser's
// preference between Swedish and English, else Swedish.
func pageLang(r *http.Request) string {
	switch r.URL.Query().Get("lang") {
	case langEN:
		return langEN
	case langSV:
		return langSV
	}
	best, bestQ := langSV, -1.0
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if (base == langSV || base == langEN) && q > bestQ {
			best, bestQ = base, q
		}
		if (base == "nb" || base == "nn" || base == "no" || base == "da") && q > bestQ {
			best, bestQ = langSV, q // Scandinavians read Swedish
		}
	}
	return best
}

// untranslated records Swedish texts an English page asked for that the
// catalogue lacks (a test fails on any).
var untranslated sync.Map

// tr translates an interface text into lang.
func tr(lang, sv string) string {
	if lang != langEN || sv == "" {
		return sv
	}
	if en, ok := english[sv]; ok {
		return en
	}
	untranslated.Store(sv, true)
	return sv
}

// missingTranslations lists the texts tr could not translate, sorted.
func missingTranslations() []string {
	var out []string
	untranslated.Range(func(k, _ any) bool { out = append(out, k.(string)); return true })
	sort.Strings(out)
	return out
}

// T translates an interface text for the page's language (templates call
// it as {{$.T "Sök"}}).
func (p pageBase) T(sv string) string { return tr(p.Lang, sv) }

// LangQ is what a link of the page appends to keep the language: "" or
// "?lang=en".
func (p pageBase) LangQ() string {
	if p.Lang == langEN {
		return "?lang=" + langEN
	}
	return ""
}

// LangA is LangQ after a query that has parameters already: "" or
// "&lang=en".
func (p pageBase) LangA() string {
	if p.Lang == langEN {
		return "&lang=" + langEN
	}
	return ""
}

// newBase starts a page for a request: its language and the link to the
// same page in the other language.
func newBase(r *http.Request, title string) pageBase {
	p := pageBase{Lang: pageLang(r)}
	p.Title = p.T(title)
	v := r.URL.Query()
	if p.Lang == langEN {
		v.Set("lang", langSV)
		p.SwitchLabel, p.SwitchLang = "På svenska", langSV
	} else {
		v.Set("lang", langEN)
		p.SwitchLabel, p.SwitchLang = "In English", langEN
	}
	p.Switch = r.URL.Path + "?" + v.Encode()
	return p
}

// keepLang adds the page's language to a link's parameters.
func (p pageBase) keepLang(v url.Values) url.Values {
	if p.Lang == langEN {
		v.Set("lang", langEN)
	}
	return v
}

// english translates every Swedish interface text of the pages.
var english = map[string]string{
	// layout
	"Hoppa till innehållet":             "Skip to content",
	"Sök i projekt och slutrapporter":   "Search projects and final reports",
	"Sök metod, kommun, projektägare …": "Search method, municipality, project owner …",
	"Förslag":                           "Suggestions",
	"Sök":                               "Search",
	"– projekt":                         "– project",
	"Sidor":                             "Pages",
	"Sida ":                             "Page ",
	"Föregående":                        "Previous",
	"Nästa":                             "Next",
	"Visa som":                          "Show as",
	"Träfflista":                        "Hit list",
	"Översikt":                          "Overview",
	"På svenska":                        "På svenska",
	"In English":                        "In English",
	"Socialfondens (ESF) projekt och slutrapporter.": "The European Social Fund's (ESF) projects and final reports in Sweden; documents are in Swedish.",
	"Skriv":                    "Type",
	"för en fras,":             "for a phrase,",
	"för att utesluta,":        "to exclude,",
	"för början av ett ord":    "for the start of a word",
	"och":                      "and",
	"för att tillåta stavfel.": "to allow typos.",
	"\"två ord\"":              "\"two words\"",
	"-ord":                     "-word",
	"ord*":                     "word*",
	"ord~":                     "word~",
	"Sök bland Socialfondens (ESF) projekt och slutrapporter: metoder, kommuner, projektägare och målgrupper, med översikt, liknande projekt och export.": "Search the Swedish European Social Fund (ESF) projects and final reports: methods, municipalities, project owners and target groups, with an overview, similar projects and export.",
	"Nya dokument i sökningen (Atom)": "New documents in this search (Atom)",

	// search page
	"Sök projekt":                "Search projects",
	"sök projekt":                "search projects",
	"Fel i sökningen":            "Search error",
	"Filter":                     "Filters",
	"aktiva":                     "active",
	"valda":                      "selected",
	"Filtrera":                   "Filter",
	"Visa alla":                  "Show all",
	"värden för":                 "values of",
	"Projektperiod (år)":         "Project period (years)",
	"Total budget (kr)":          "Total budget (SEK)",
	"Från":                       "From",
	"till":                       "to",
	"Träffar för":                "Hits for",
	"Projekt och slutrapporter":  "Projects and final reports",
	"Sökningen kunde inte göras": "The search could not be run",
	"Ändra frågan i sökrutan och försök igen, eller": "Change the query in the search box and try again, or",
	"börja om":                  "start over",
	"1 träff":                   "1 hit",
	"Visar %d–%d av %s träffar": "Showing %d–%d of %s hits",
	"%s träffar":                "%s hits",
	"Menade du":                 "Did you mean",
	"Inga träffar för ”%s”. Visar träffar för":                                                "No hits for ”%s”. Showing hits for",
	"Inget dokument innehåller %s.":                                                           "No document holds %s.",
	"Inget dokument innehåller alla orden.":                                                   "No document holds all the words.",
	"Inget dokument motsvarar sökningen.":                                                     "No document matches the search.",
	"Inget dokument med de valda filtren motsvarar sökningen. Utan filtren finns 1 träff.":    "No document with the chosen filters matches the search. Without the filters there is 1 hit.",
	"Inget dokument med de valda filtren motsvarar sökningen. Utan filtren finns %s träffar.": "No document with the chosen filters matches the search. Without the filters there are %s hits.",
	"Visar träffar som saknar ett av dem.":                                                    "Showing hits that lack one of them.",
	"Visar träffar som saknar %d av dem.":                                                     "Showing hits that lack %d of them.",
	"Fler träffar, som saknar ett av orden:":                                                  "More hits, that lack one of the words:",
	"Saknar:":                             "Missing:",
	"Aktiva filter":                       "Active filters",
	"Ta bort filtret":                     "Remove the filter",
	"Rensa alla":                          "Clear all",
	"Sortera":                             "Sort",
	"Exportera CSV":                       "Export CSV",
	"Följ sökningen (Atom)":               "Follow this search (Atom)",
	"(utan titel)":                        "(untitled)",
	"Kommuner:":                           "Municipalities:",
	"Metoder:":                            "Methods:",
	"Inga träffar":                        "No hits",
	"för":                                 "for",
	"med valda filter":                    "with the selected filters",
	"Kontrollera stavningen, eller skriv": "Check the spelling, or type",
	"efter ett ord för att tillåta stavfel": "after a word to allow typos",
	"Använd färre eller mer allmänna ord;":  "Use fewer or more general words;",
	"hittar alla ord som börjar så.":        "finds every word that starts so.",
	"Ta bort något av filtren ovan, eller":  "Remove one of the filters above, or",
	"rensa alla filter":                     "clear all filters",
	"Visa alla projekt":                     "Show all projects",
	"Filtrera %s":                           "Filter %s",

	// facets, sorts, document types
	"Region": "Region", "Län": "County", "Kommun": "Municipality", "Projektägare": "Project owner",
	"Programområde": "Programme area", "Projektfas": "Project phase", "Dokumenttyp": "Document type",
	"Metoder": "Methods", "Målgrupper": "Target groups", "Projektår": "Project year", "Total budget": "Total budget",
	"Startår": "Start year", "Slutrapport": "Final report", "Projekt": "Project", "Finns": "Yes", "Saknas": "No",
	"Relevans": "Relevance", "Nyast": "Newest", "Äldst": "Oldest", "Störst budget": "Largest budget",
	"minst": "at least", "högst": "at most",

	// document page
	"Ny sökning":        "New search",
	"Fakta":             "Facts",
	"Samverkanspartner": "Partners",
	"Deltagare":         "Participants",
	"Citera":            "Cite",
	"Liknande projekt":  "Similar projects",
	"Liknande projekt kunde inte hämtas just nu.": "Similar projects could not be fetched just now.",
	"Inga liknande projekt hittades.":             "No similar projects were found.",
	"Källfil":                                     "Source file", "Källfiler": "Source files", "Originalfil": "Original file", "Originalfiler": "Original files",
	"Kommuner": "Municipalities", "Projektperiod": "Project period", "Beviljat ESF-stöd": "ESF support granted",
	"Total projektbudget": "Total project budget", "Projektnummer": "Project number", "Kontaktperson": "Contact person",
	"E-post": "E-mail", "Telefon": "Telephone", "Projektsida": "Project page", "finns inte i Projektsök ännu": "not in Projektsök yet",

	// facet page
	"Tillbaka till sökningen": "Back to the search",
	"alla värden":             "all values",
	"Alla värden":             "All values",
	"Börjar med":              "Starts with",
	"Visa":                    "Show",
	"Välj":                    "Choose",
	"st":                      "values",
	"Inga värden":             "No values",
	"som börjar med":          "starting with",
	"Använd filter":           "Apply filters",

	// errors
	"Internt fel":                      "Internal error",
	"Internt fel. Försök igen senare.": "Internal error. Please try again later.",
	"Något gick fel":                   "Something went wrong",
	"Sidan finns inte":                 "Page not found",
	"Sökningen tog för lång tid. Försök med en mer specifik fråga.": "The search took too long. Try a more specific query.",
	"Till sökningen":               "To the search",
	"Flera dokument":               "Several documents",
	"Flera dokument hade detta id": "Several documents had this id",
	"id %q gavs förr åt %d filer som nu är egna dokument; välj ett":                                              "id %q used to name %d files that are now documents of their own; choose one",
	"Adressen %s gällde förr flera filer med samma namn. Nu har varje fil ett eget dokument. Välj det du söker:": "The address %s used to name several files with the same name. Now each file has a document of its own. Choose the one you are looking for:",
	"Det finns ingen sida på adressen %s.":                                                                       "There is no page at %s.",
	"Det finns inget projekt med id %s.":                                                                         "There is no project with the id %s.",
	"Det finns inget projekt med id %s. Det kan ha tagits bort eller fått ett nytt id.":                          "There is no project with the id %s. It may have been removed or given a new id.",
	"Det finns inget filter som heter %s.":                                                                       "There is no filter called %s.",

	// the engine's messages (search.Error formats; the same verbs in the
	// same order)
	"för många ord matchar jokertecknet eller stavfelssökningen: skriv fler tecken":                                                                                        "too many words match the wildcard or the typo search: type more letters",
	"%q: stavfelssökning (~) fungerar på ord med högst %d tecken; ta bort ~ eller använd * efter ordets början":                                                            "%q: typo search (~) works on words of at most %d letters; remove ~ or use * after the start of the word",
	"För många krävande sökningar (stavfel med ~, korta prefix med *, många ord eller djupa sidor) pågår just nu. Försök igen om en stund, eller gör frågan mer specifik.": "Too many demanding searches (typos with ~, short prefixes with *, many words or deep pages) are running right now. Try again in a moment, or make the query more specific.",
	"Sökningen skulle just nu ta omkring %.1f s, mer än de %.1f s den får ta. Ta bort ~ från något ord eller använd ~1 i stället för ~2, eller försök igen om en stund.":   "Right now the search would take about %.1f s, more than the %.1f s it may take. Remove ~ from a word or use ~1 instead of ~2, or try again in a moment.",
	"Sökningen skulle just nu ta omkring %.1f s, mer än de %.1f s den får ta. Skriv fler tecken före *, eller försök igen om en stund.":                                    "Right now the search would take about %.1f s, more than the %.1f s it may take. Type more letters before *, or try again in a moment.",
	"Sökningen skulle just nu ta omkring %.1f s, mer än de %.1f s den får ta. Sök på färre ord, eller försök igen om en stund.":                                            "Right now the search would take about %.1f s, more than the %.1f s it may take. Search for fewer words, or try again in a moment.",
	"Sökningen skulle just nu ta omkring %.1f s, mer än de %.1f s den får ta. Välj en tidigare sida eller smalna av sökningen med filter, eller försök igen om en stund.":  "Right now the search would take about %.1f s, more than the %.1f s it may take. Choose an earlier page or narrow the search with filters, or try again in a moment.",
	"Sökningen tar omkring %.1f s i det här indexet, mer än de %.1f s en sökning får ta. Ta bort ~ från något ord eller använd ~1 i stället för ~2.":                       "The search takes about %.1f s in this index, more than the %.1f s a search may take. Remove ~ from a word or use ~1 instead of ~2.",
	"Sökningen tar omkring %.1f s i det här indexet, mer än de %.1f s en sökning får ta. Skriv fler tecken före *.":                                                        "The search takes about %.1f s in this index, more than the %.1f s a search may take. Type more letters before *.",
	"Sökningen tar omkring %.1f s i det här indexet, mer än de %.1f s en sökning får ta. Sök på färre ord.":                                                                "The search takes about %.1f s in this index, more than the %.1f s a search may take. Search for fewer words.",
	"Sökningen tar omkring %.1f s i det här indexet, mer än de %.1f s en sökning får ta. Välj en tidigare sida eller smalna av sökningen med filter.":                      "The search takes about %.1f s in this index, more than the %.1f s a search may take. Choose an earlier page or narrow the search with filters.",
	"högst %d ord med ~ (stavfelssökning) i en fråga":                                "at most %d words with ~ (typo search) in a query",
	"högst %d ord med * i en fråga; skriv fler tecken före * eller sök på färre ord": "at most %d words with * in a query; type more letters before * or search for fewer words",
	"OR måste stå mellan två sökord, till exempel: coachning OR vägledning":          "OR must stand between two search words, for example: coachning OR vägledning",
	"OR kan bara stå mellan två sökord som inte är uteslutna":                        "OR can only stand between two search words that are not excluded",
	"för många sökord (högst %d)":                                                    "too many search words (at most %d)",
	"frågan måste innehålla minst ett sökord som inte är uteslutet med -":            "the query must contain at least one search word that is not excluded with -",
	"%s: saknar ett värde, till exempel %s:Västervik":                                "%s: lacks a value, for example %s:Västervik",
	"citattecknet stängs aldrig: avsluta frasen med \"":                              "the quotation mark is never closed: end the phrase with \"",
	"%q: efter ~ kan bara stå 1 eller 2":                                             "%q: only 1 or 2 may follow ~",
	"%q: högst ~%d stavfel tillåts":                                                  "%q: at most ~%d typos are allowed",
	"%q: ordet är för kort för ~":                                                    "%q: the word is too short for ~",
	"* och ~ kan inte kombineras i samma ord":                                        "* and ~ cannot be combined in one word",
	"skriv minst %d tecken före *":                                                   "type at least %d letters before *",
	"* kan bara stå sist i ett ord, till exempel sökande*":                           "* can only stand last in a word, for example sökande*",
	"okänd parameter %q":                                                             "unknown parameter %q",
	"frågan är för lång (högst %d tecken)":                                           "the query is too long (at most %d characters)",
	"frågan är inte giltig UTF-8":                                                    "the query is not valid UTF-8",
	"för många värden för %s (högst %d)":                                             "too many values for %s (at most %d)",
	"ogiltigt värde för %s":                                                          "invalid value for %s",
	"from + size får vara högst %d":                                                  "from + size may be at most %d",
	"okänd sortering %q: använd relevance, newest, oldest, budget eller ingested":    "unknown sort %q: use relevance, newest, oldest, budget or ingested",
	"active_from är senare än active_to":                                             "active_from is later than active_to",
	"budget_min är större än budget_max":                                             "budget_min is larger than budget_max",
	"start_year måste vara ett år (ÅÅÅÅ)":                                            "start_year must be a year (YYYY)",
	"%s måste vara ett heltal mellan %d och %d":                                      "%s must be a whole number between %d and %d",
	"%s måste vara ett år (ÅÅÅÅ) eller ett datum (ÅÅÅÅ-MM-DD)":                       "%s must be a year (YYYY) or a date (YYYY-MM-DD)",
	"%s: datumet %s finns inte":                                                      "%s: the date %s does not exist",
	"%s måste vara ett belopp i hela kronor":                                         "%s must be an amount in whole kronor",
	"okänd facett %q":                                                                "unknown facet %q",
	"för många tillåtna stavfel: använd ~1 eller ~2":                                 "too many typos allowed: use ~1 or ~2",
	"dokumentet %q finns inte":                                                       "the document %q does not exist",
	"size måste vara ett heltal mellan 1 och %d":                                     "size must be a whole number between 1 and %d",
	"texten är för lång (högst %d tecken)":                                           "the text is too long (at most %d characters)",
	"Tjänsten är inte redo. Försök igen om en stund.":                                "The service is not ready. Please try again in a moment.",

	// the adapter's messages in JSON answers
	"ogiltig eller saknad token": "invalid or missing token",
	"skicka multipart/form-data med fält \"file\" eller JSON {\"paths\": [...]}": "send multipart/form-data with the field \"file\" or JSON {\"paths\": [...]}",
	"begäran är större än %d byte":                                               "the request is larger than %d bytes",
	"kunde inte läsa %s: %v":                                                     "could not read %s: %v",
	"ogiltig multipart-kropp: %v":                                                "invalid multipart body: %v",
	"okänt fält %q: filer skickas i fältet \"file\"":                             "unknown field %q: files are sent in the field \"file\"",
	"inga filer i fältet \"file\"":                                               "no files in the field \"file\"",
	"sökvägar på servern är avstängda (PROJEKTSOK_INGEST_ROOTS är inte satt); ladda upp filerna i stället": "paths on the server are turned off (PROJEKTSOK_INGEST_ROOTS is not set); upload the files instead",
	"\"paths\" ska ha 1–%d sökvägar": "\"paths\" must have 1–%d paths",
	"%q är ingen absolut sökväg":     "%q is not an absolute path",
	"%s finns inte":                  "%s does not exist",
	"%s ligger utanför de tillåtna mapparna (PROJEKTSOK_INGEST_ROOTS)":              "%s lies outside the allowed folders (PROJEKTSOK_INGEST_ROOTS)",
	"en annan indexering pågår; försök igen senare":                                 "another indexing is running; try again later",
	"inga dokument kunde läsas; indexet är oförändrat":                              "no documents could be read; the index is unchanged",
	"indexet är byggt av en äldre version; bygg om det med POST /api/admin/rebuild": "the index was built by an older version; rebuild it with POST /api/admin/rebuild",
	"okänt format %q: använd csv eller json":                                        "unknown format %q: use csv or json",
	"prefix är för långt":                                                           "prefix is too long",
	"okänt dokument-id":                                                             "unknown document id",
	"sidan finns inte: %s":                                                          "page not found: %s",
	"metoden %s stöds inte här":                                                     "the method %s is not supported here",
	"adressen är för lång":                                                          "the address is too long",

	// overview
	"Översikt för":                        "Overview for",
	"Översikt: projekt och slutrapporter": "Overview: projects and final reports",
	"översikt":                            "overview",
	"Översikten kunde inte göras":         "The overview could not be made",
	"Projekt och rapporter":               "Projects and reports",
	"Mediantid för ett projekt":           "Median project length",
	"månader":                             "months",
	"Varje stapel leder till träfflistan filtrerad på den. Siffrorna finns också som": "Each bar leads to the hit list filtered to it. The figures are also available as",
	"Tabell":                        "Table",
	"Värde":                         "Value",
	"Antal":                         "Count",
	"ESF-stöd":                      "ESF support",
	"Inga värden i träffarna.":      "No values among the hits.",
	"Projekt per startår":           "Projects per start year",
	"Beviljat ESF-stöd per startår": "ESF support granted per start year",
	"Projekt per region":            "Projects per region",
	"ESF-stöd per region":           "ESF support per region",
	"Projekt per län":               "Projects per county",
	"ESF-stöd per län":              "ESF support per county",
	"De %d största projektägarna":   "The %d largest project owners",
	"Vanligaste metoderna":          "Most common methods",
	"Vanligaste målgrupperna":       "Most common target groups",
	"Kommuner med flest projekt":    "Municipalities with most projects",
}

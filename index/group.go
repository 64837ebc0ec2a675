package index

import (
	"regexp"
	"strings"
	"unicode"
)

// GroupKey is what documents with the same or nearly the same title share:
// the title lower-cased, without dates, numbers, references, function words
// and a leading "Remiss av promemorian", "Kommenterad dagordning",
// "Lagrådsremiss:" and the like. "Kommenterad dagordning, rådet för
// utbildning, ungdom och kultur, 10-11 maj 2010" and "…, 26-27 november
// 2009", or "Regeringskansliets årsbok 1999" and "… 2014", or "Remiss av
// promemorian X" and "X", share a key; the search shows each key once. A
// title that keeps fewer than two words that way has no key ("").
func GroupKey(title string) string {
	title = groupTail.ReplaceAllString(title, "$1")
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for {
		cut := 0
		for _, p := range groupPrefixes {
			if hasWords(words, p) {
				cut = len(p)
				break
			}
		}
		if cut == 0 {
			break
		}
		words = words[cut:]
	}
	out := words[:0:0]
	for _, w := range words {
		if len([]rune(w)) < 2 || groupNoise[w] || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			continue
		}
		out = append(out, w)
	}
	if len(out) < 2 {
		return ""
	}
	return strings.Join(out, " ")
}

// groupTail cuts what the source glued to the end of a title: a registry
// number ("…åringarDiarienummer: Fi2025/01705") or a bill reference
// ("…skatteområdetProp. 2025/26:5").
var groupTail = regexp.MustCompile(`(?:(\p{Ll})(?:Prop\.|SOU|Ds)\s*\d.*$)|Diarienummer:.*$`)

func hasWords(words, prefix []string) bool {
	if len(words) <= len(prefix) {
		return false // a prefix alone is the title
	}
	for i, p := range prefix {
		if words[i] != p {
			return false
		}
	}
	return true
}

// groupPrefixes are leading words that make another version of the same
// matter: the referral, the memo, the agenda of a recurring meeting.
var groupPrefixes = func() [][]string {
	var out [][]string
	for _, p := range []string{
		"remiss av promemorian", "remiss av promemoria", "remiss av betänkandet", "remiss av förslag till",
		"remiss av", "remiss", "promemorian", "promemoria", "pm", "lagrådsremiss", "utkast till",
		"kommenterad dagordning", "betänkandet",
	} {
		out = append(out, strings.Fields(p))
	}
	return out
}()

// groupNoise are words that never tell two titles apart: function words,
// months, and the abbreviations that precede a reference number.
var groupNoise = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`och för i av till om med på den det de en ett att som vid från
		januari februari mars april maj juni juli augusti september oktober november december
		sou prop ds dir dnr nr`) {
		m[w] = true
	}
	return m
}()

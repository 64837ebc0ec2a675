package index

import "testing"

func TestGroupKey(t *testing.T) {
	same := [][]string{
		{"Kommenterad dagordning, rådet för utbildning, ungdom och kultur, 10-11 maj 2010",
			"Kommenterad dagordning, rådet utbildning, ungdom och kultur, 26-27 november 2009"},
		{"Regeringskansliets årsbok 1999", "Regeringskansliets årsbok 2014"},
		{"Remiss av promemorian Tillfälligt nedsatta arbetsgivaravgifter för 19–23-åringarDiarienummer: Fi2025/01705",
			"Tillfälligt nedsatta arbetsgivaravgifter för 19-23- åringar"},
		{"Rapportering och utbyte av upplysningar om kryptotillgångarProp. 2025/26:5",
			"Rapportering och utbyte av upplysningar om kryptotillgångar"},
		{"Remiss av betänkandet Livsmedelsberedskap för en ny tid (SOU 2024:8)", "Livsmedelsberedskap för en ny tid"},
		{"Lagrådsremiss: Ändrade övergångsbestämmelser", "Ändrade övergångsbestämmelser"},
	}
	for _, p := range same {
		a, b := GroupKey(p[0]), GroupKey(p[1])
		if a == "" || a != b {
			t.Errorf("GroupKey(%q) = %q, GroupKey(%q) = %q: want the same, non-empty", p[0], a, p[1], b)
		}
	}
	different := [][]string{
		{"Administrativa sanktioner på yrkesfiskets område", "Administrativa sanktioner i socialförsäkringen"},
		{"Uppdrag om deltagande i e-SENS", "Uppdrag om deltagande i e-CODEX"},
		{"Sökandelotsar i Västervik", "Sökandelotsar i Hultsfred"},
	}
	for _, p := range different {
		if a, b := GroupKey(p[0]), GroupKey(p[1]); a == b {
			t.Errorf("GroupKey(%q) = GroupKey(%q) = %q: want different", p[0], p[1], a)
		}
	}
	for _, title := range []string{"Remiss", "Promemoria 2020:3", "Årsbok 2014", ""} {
		if k := GroupKey(title); k != "" {
			t.Errorf("GroupKey(%q) = %q: a title of fewer than two telling words has no key", title, k)
		}
	}
}

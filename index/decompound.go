package index

// splitCompound returns the compound parts of the lowercased word w (whose
// whole-word stem is stem). Placeholder until the dictionary lands.
func splitCompound(w, stem string) []compoundPart { return nil }

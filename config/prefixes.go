package config

import "luot/server/voice"

// prefixesHeard refuses a site whose ticket prefixes a hall would hear as one: the voice
// reads a prefix by its letters' names, and in the South "dê" (D) and "vê" (V) are the same
// syllable, so "D012" and "V012" would call two citizens at once. Prefixes are compared as
// the org's dialect hears them (voice.PrefixSound); an unknown dialect or service has its
// own error already.
func (d *decoder) prefixesHeard(sf fields, s *Site, o *Org) {
	dialect := voice.Dialect(o.Dialect)
	if dialect != voice.North && dialect != voice.South {
		return
	}
	heard := map[string]*Service{}
	for _, id := range s.Services {
		sv := o.Service(id)
		if sv == nil || !validPrefix(sv.Prefix) {
			continue
		}
		key := voice.PrefixSound(sv.Prefix, dialect)
		if other, ok := heard[key]; ok {
			d.errorf(sf.line("services"), join(sf.path, "services"),
				"prefixes %s of %q and %s of %q sound alike in the %s dialect (%q, %q): a hall cannot tell them apart; give one of the services another prefix",
				other.Prefix, other.ID, sv.Prefix, sv.ID, o.Dialect, voice.PrefixName(other.Prefix), voice.PrefixName(sv.Prefix))
			continue
		}
		heard[key] = sv
	}
}

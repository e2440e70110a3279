package queue

// Figures are the report figures kept of a site's local day (lua/figures.lua): per dimension
// (total, service, counter, officer, hour) the fields of its hash, "<key>|<figure>" → count.
type Figures map[string]map[string]string

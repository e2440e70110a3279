package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"luot/server/queue"
)

// FiguresTotal is the dimension of the figures that holds a day's total; DayFigures always
// reads it, to tell whether the figures cover the whole day.
const FiguresTotal = "total"

// figureDimensions are the hashes of a day's figures, as lua/figures.lua names them.
var figureDimensions = []string{FiguresTotal, "service", "counter", "officer", "hour"}

// Figures are the report figures kept of a site's local day (queue.Figures).
type Figures = queue.Figures

// DayFigures reads, in one atomic step, the figures kept of a site's local day (YYYYMMDD) as
// events happen, for the dimensions asked and the total. complete is false when they do not
// cover every ticket the day holds — some were issued before the figures were kept — and
// the day must be read from its tickets; a day without tickets is complete and empty.
func (s *Store) DayFigures(ctx context.Context, site, day string, dimensions []string) (f Figures, complete bool, err error) {
	pipe := s.rdb.TxPipeline()
	tickets := pipe.ZCard(ctx, dayKey(site, day))
	cmds := map[string]*redis.MapStringStringCmd{FiguresTotal: pipe.HGetAll(ctx, figuresKey(site, day, FiguresTotal))}
	for _, d := range dimensions {
		if cmds[d] == nil {
			cmds[d] = pipe.HGetAll(ctx, figuresKey(site, day, d))
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, false, fmt.Errorf("read figures of %s %s: %w", site, day, wrap(err))
	}
	f = make(Figures, len(cmds))
	for d, c := range cmds {
		f[d] = c.Val()
	}
	issued, _ := strconv.ParseInt(f[FiguresTotal]["|issued"], 10, 64)
	return f, issued == tickets.Val(), nil
}

package displayweb_test

import (
	"testing"
)

// boardScript feeds display/board.js, in the page, a snapshot and events in the public
// feed's two shapes: today's (a ticket with its id and its counter's id) and the one without
// ids (a ticket as {number, service, status, priority: true|false, counter_number}), and
// returns what the board makes of them.
const boardScript = `import("/display/board.js").then(({ Board }) => {
	const out = {};
	for (const shape of ["ids", "numbers"]) {
		const tk = (number, status, counter) => shape === "ids"
			? { id: "id-" + number, number, service: "dat-dai", status, priority: "", counter: counter ? "q0" + counter : null }
			: { number, service: "dat-dai", status, priority: false, counter_number: counter };
		const counter = (n, ticket) => ({ id: "q0" + n, number: n, name: "Quầy " + n, services: ["dat-dai"], state: "open", ticket });
		const b = new Board(8);
		b.snapshot({ services: [{ id: "dat-dai", waiting: 3 }], counters: [counter(1, tk("A001", "serving", 1)), counter(2, null)] });
		const calls = [];
		// counter 2 calls A002 (the event carries the counter); A001 is finished (a ticket event alone)
		calls.push(b.apply({ type: "ticket.called", at: "t1", ticket: tk("A002", "called", 2), counter: counter(2, tk("A002", "called", 2)), waiting: { "dat-dai": 2 } }));
		b.apply({ type: "ticket.done", at: "t2", ticket: tk("A001", "done", 1), counter: null, waiting: {} });
		// A002 recalled, then called again at counter 1 after a transfer
		calls.push(b.apply({ type: "ticket.recalled", at: "t3", ticket: tk("A002", "called", 2), counter: null, waiting: {} }));
		calls.push(b.apply({ type: "ticket.called", at: "t4", ticket: tk("A002", "called", 1), counter: { id: "q01", number: 1 }, waiting: {} }));
		out[shape] = {
			calls: calls.map((c) => c.key + (c.recall ? " recall" : "")),
			recent: b.calls.map((c) => c.key),
			one: (b.counter(1).ticket || {}).status,
			waiting: b.services()[0].waiting,
		};
	}
	return JSON.stringify(out);
})`

// TestBoardFeedShapes: the display's board reads the public feed with and without ticket and
// counter ids alike — calls keyed by ticket number and counter number, a ticket's counter
// found by counter_number, the event's counter, or the counter id the ticket names.
func TestBoardFeedShapes(t *testing.T) {
	h := centre(t, 16)
	ctx := display(t, h, 1280, 720, "/display/?site="+site)
	var got string
	js(t, ctx, boardScript, &got)
	want := `{"ids":{"calls":["A002@2","A002@2 recall","A002@1"],"recent":["A002@1","A001@1"],"one":"done","waiting":2},` +
		`"numbers":{"calls":["A002@2","A002@2 recall","A002@1"],"recent":["A002@1","A001@1"],"one":"done","waiting":2}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

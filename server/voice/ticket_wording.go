package voice

// TicketWording is what the kiosk says after it issues a ticket, so that a citizen who
// cannot read the screen still knows the number: "Số của quý vị là A không trăm hai mươi ba"
// (the site's number reading decides "A không hai ba"). It is not configurable: the words are
// recorded clips (Inventory lists them), and it speaks to the citizen in the register of the
// kiosk's own words ("quý vị").
const TicketWording = "Số của quý vị là {number}"

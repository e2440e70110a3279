// Command words prints the clips a hall display needs, one a line: the file name (without
// extension), a tab, and the text to record, with the syllables of a multi-syllable word
// separated by spaces. scripts/voice.sh feeds the text to espeak-ng; a person recording the
// clips reads the same list.
//
//	go run ./server/voice/words [organisation.yaml ...]   (default config/binhduong.yaml)
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"luot/config"
	"luot/server/voice"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run prints the inventory for the wordings of the organisation files in args.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		args = []string{"config/binhduong.yaml"}
	}
	wordings := []string{config.DefaultAnnouncement}
	for _, path := range args {
		org, err := config.Load(path)
		if err != nil {
			fmt.Fprintf(stderr, "words: %v\n", err)
			return 1
		}
		wordings = append(wordings, org.Announcement)
	}
	inv, err := voice.Inventory(wordings...)
	if err != nil {
		fmt.Fprintf(stderr, "words: %v\n", err)
		return 1
	}
	for _, e := range inv {
		fmt.Fprintf(stdout, "%s\t%s\n", e.Clip, strings.ReplaceAll(e.Word, "-", " "))
	}
	return 0
}

#!/usr/bin/env bash
# voice.sh — regenerates the hall display's voice: one Opus clip per word under
# assets/voice/vi/ (what `go run ./server/voice/words` lists for the organisation files) and
# the chime that opens every call.
#
#   scripts/voice.sh                        # the words of config/binhduong.yaml
#   scripts/voice.sh config/other.yaml      # also the words of another wording
#
# The voice is Debian's espeak-ng, Northern Vietnamese ("vi"): the only free Vietnamese voice
# here; it carries the six tones, where its Southern voice is nearly flat. It is fed words,
# never digits (its own number reading is wrong: 15 → "mười năm"); the Go package
# server/voice decides the words. Each clip is trimmed of silence, normalised and encoded as
# Opus (16 kb/s mono, 48 kHz) in an Ogg file. To use human recordings instead, see
# assets/voice/vi/README.md.
#
# Needs: espeak-ng, sox, opus-tools (installed from Debian when missing and possible), Go.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v sox >/dev/null || need+=(sox)
command -v opusenc >/dev/null || need+=(opus-tools)
if ((${#need[@]})); then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
	else
		echo "voice.sh: install ${need[*]} (Debian: apt-get install ${need[*]})" >&2
		exit 1
	fi
fi

GO=${GO:-go}
VOICE=${VOICE_ESPEAK:-vi+f2} # Northern voice, a female variant; VOICE_ESPEAK overrides
SPEED=${VOICE_SPEED:-165}     # words per minute
out=assets/voice/vi
work=$(mktemp -d /tmp/luot-voice.XXXXXX)
trap 'rm -rf "$work"' EXIT

encode() { # wav → $out/name.opus
	opusenc --quiet --bitrate 16 --downmix-mono --comp 10 "$1" "$out/$2.opus"
}

"$GO" run ./server/voice/words "$@" >"$work/words.tsv"
count=0
while IFS=$'\t' read -r clip text; do
	espeak-ng -v "$VOICE" -s "$SPEED" -p 55 -w "$work/raw.wav" "$text"
	# trim leading and trailing silence, keep 20 ms of air, normalise to -1 dBFS, 48 kHz mono
	sox "$work/raw.wav" -r 48000 -c 1 -b 16 "$work/clip.wav" \
		silence 1 0.005 0.3% reverse silence 1 0.01 1% reverse pad 0.02 0.02 norm -1
	encode "$work/clip.wav" "$clip"
	count=$((count + 1))
done <"$work/words.tsv"

# The chime: a soft three-note bell (E5 C5 G5), each note a decaying sine with its octave.
notes=()
for f in 659.25 523.25 783.99; do
	sox -n -r 48000 -c 1 -b 16 "$work/n$f.wav" synth 0.6 sine "$f" sine "$(awk "BEGIN{print $f*2}")" \
		remix 1 fade l 0.005 0.6 0.55 vol 0.6
	notes+=("$work/n$f.wav")
done
sox "${notes[@]}" -b 16 "$work/chime.wav" pad 0 0.25 norm -3
encode "$work/chime.wav" chime

# remove clips that no wording needs any more
while read -r f; do
	name=$(basename "$f" .opus)
	if [ "$name" != chime ] && ! cut -f1 "$work/words.tsv" | grep -qx "$name"; then
		rm -f "$f"
	fi
done < <(find "$out" -name '*.opus')

echo "voice.sh: $count words and the chime in $out ($(du -sh "$out" | cut -f1))"

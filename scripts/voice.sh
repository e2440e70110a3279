#!/usr/bin/env bash
# voice.sh — regenerates the hall display's voice: one Opus clip per word under
# assets/voice/vi/ (what `go run ./server/voice/words` lists for the organisation files) and
# the chime that opens every call; and checks the clips without anyone listening to them.
#
#   scripts/voice.sh                        # the words of config/binhduong.yaml
#   scripts/voice.sh config/other.yaml      # also the words of another wording
#   scripts/voice.sh check [org.yaml …]     # check every clip: sound, length, loudness, tone; exit 1 on a failure
#   scripts/voice.sh import rec/*.wav       # human recordings (rec/muwowif.wav …) made clips like the others
#   scripts/voice.sh sentence "mời công dân có số thứ tự | a không hai ba | đến quầy số năm" [out]
#                                           # a call assembled from the clips, as the display
#                                           # says a call alone ("|" a pause): out.wav and its
#                                           # spectrogram out.png (default test-output/voice/sentence)
#
# The voice is Debian's espeak-ng, Northern Vietnamese ("vi"): the only free Vietnamese voice
# here; it carries the six tones, where its Southern voice is nearly flat. It is fed words,
# never digits (its own number reading is wrong: 15 → "mười năm"); the Go package
# server/voice decides the words. Each clip is trimmed of silence, its loudest moments
# compressed gently (2:1 above -20 dBFS), brought to one loudness (LOUDNESS_DB, below) and
# encoded as Opus (16 kb/s mono, 48 kHz) in an Ogg file. To use human recordings instead, see
# assets/voice/vi/README.md.
#
# Needs: espeak-ng, sox, opus-tools (installed from Debian when missing and possible), Go.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8 # ${#word} counts letters, not bytes, in the check's table

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

# spoken is the text espeak-ng is given for a clip's text: the text itself, but for the words
# its Vietnamese rules misread. "gi" (the letter J) alone comes out as the bare consonant /z/,
# 0.13 s with no vowel and no tone (its rules take "gi" for the initial of "gì", "giê");
# "di" is the same syllable in the Northern voice, /zi/ with the level tone.
spoken() {
	case "$1" in
	gi) echo di ;;
	*) echo "$1" ;;
	esac
}

# The clips are made reproducibly, so that running the script again changes no file unless a
# word or a tool changed: sox dithers with a fixed seed (-R) and every Ogg stream has the
# same serial number (random by default; a file holds one stream, so it need not be unique).
encode() { # wav → $out/name.opus
	opusenc --quiet --serial 1 --bitrate 16 --downmix-mono --comp 10 "$1" "$out/$2.opus"
}

# Loudness. Every clip (the chime too) is brought to the same loudness, so that no word of a
# call is quieter than the others: espeak-ng's clips, each normalised to its peak, differed
# by 10 dB (the nasal "năm", "lăm", "không" quietest). Loudness is measured as EBU R128 does
# (BS.1770): the signal K-weighted (a high-pass at 38 Hz and a +4 dB shelf above 1.5 kHz,
# which sox's highpass and treble approximate) and its mean square in dB. R128's 400 ms
# blocks and gating are left out: most clips are shorter than one block, and they hold no
# silence to gate once trimmed. Speech peaks vary more than its loudness, so a clip is first
# compressed 2:1 above -20 dBFS (2 ms attack, 60 ms release) to leave room for the gain.
LOUDNESS_DB=-18 # K-weighted RMS of every clip, dB (about -18.7 LUFS)
LOUDNESS_TOL=1  # the check's tolerance, dB, after Opus encoding and decoding
COMPAND=(compand 0.002,0.06 6:-70,-70,-20,-20,0,-10 0 -90 0.002)

loudness() { # wav → its K-weighted RMS level, dB
	sox "$1" -n highpass 38 treble 4 1500 stats 2>&1 | awk '/^RMS lev dB/ { print $NF }'
}

gain_to() { # in.wav loudness out.wav: the gain that brings in from loudness to LOUDNESS_DB
	local gain
	gain=$(awk -v l="$2" -v t="$LOUDNESS_DB" 'BEGIN { printf "%.2f", t - l }')
	sox -R "$1" "$3" gain "$gain"
}

level() { # in.wav name: compress, bring to LOUDNESS_DB, encode as $out/name.opus
	sox -R "$1" "$work/comp.wav" "${COMPAND[@]}"
	gain_to "$work/comp.wav" "$(loudness "$work/comp.wav")" "$work/level.wav"
	encode "$work/level.wav" "$2"
	# Opus at 16 kb/s drops some of the highest frequencies, and with them up to 1.5 dB of a
	# hissing word's loudness ("sáu"): measure what the display will play, and correct once.
	opusdec --quiet --float --rate 48000 "$out/$2.opus" "$work/dec.wav" 2>/dev/null
	gain_to "$work/level.wav" "$(awk -v a="$(loudness "$work/level.wav")" -v b="$(loudness "$work/dec.wav")" \
		-v t="$LOUDNESS_DB" 'BEGIN { print a + b - t }')" "$work/clip.wav"
	encode "$work/clip.wav" "$2"
}

clip_from() { # raw.wav name: trim the silence at both ends (keep 20 ms of air), 48 kHz mono,
	# then bring it to the loudness and encode it as $out/name.opus
	sox -R "$1" -r 48000 -c 1 -b 16 "$work/trim.wav" \
		silence 1 0.005 0.3% reverse silence 1 0.01 1% reverse pad 0.02 0.02 norm -1
	level "$work/trim.wav" "$2"
}

# import makes clips of human recordings: each file's name is its clip's (muwowif.wav).
import_clips() {
	local f
	(($#)) || { echo "usage: scripts/voice.sh import recordings/*.wav" >&2; exit 2; }
	for f in "$@"; do
		clip_from "$f" "$(basename "${f%.*}")"
	done
	echo "voice.sh: $# recordings in $out; run scripts/voice.sh check"
}

record() {
	"$GO" run ./server/voice/words "$@" >"$work/words.tsv"
	local count=0 clip text
	while IFS=$'\t' read -r clip text; do
		espeak-ng -v "$VOICE" -s "$SPEED" -p 55 -w "$work/raw.wav" "$(spoken "$text")"
		clip_from "$work/raw.wav" "$clip"
		count=$((count + 1))
	done <"$work/words.tsv"

	# The chime: a soft three-note bell (E5 C5 G5), each note a decaying sine with its octave.
	local notes=() f
	for f in 659.25 523.25 783.99; do
		sox -R -n -r 48000 -c 1 -b 16 "$work/n$f.wav" synth 0.6 sine "$f" sine "$(awk "BEGIN{print $f*2}")" \
			remix 1 fade l 0.005 0.6 0.55 vol 0.6
		notes+=("$work/n$f.wav")
	done
	sox -R "${notes[@]}" -b 16 "$work/bell.wav" pad 0 0.25 norm -3
	level "$work/bell.wav" chime

	# remove clips that no wording needs any more
	local name
	while read -r f; do
		name=$(basename "$f" .opus)
		if [ "$name" != chime ] && ! cut -f1 "$work/words.tsv" | grep -qx "$name"; then
			rm -f "$f"
		fi
	done < <(find "$out" -name '*.opus')

	echo "voice.sh: $count words and the chime in $out ($(du -sh "$out" | cut -f1))"
}

# --- check ---------------------------------------------------------------------------------

# Limits of a clip. A word alone lasts 0.2–1 s; the display plays the clips back to back, so
# longer means silence left in, shorter a lost vowel. A peak far below 0 dBFS is a silent or
# broken file, one at or above 0 dBFS (decoded as float, before any clipping) clips on the
# speakers, and a flat factor above 0 means flat-topped (clipped) peaks. Its loudness must be
# LOUDNESS_DB within LOUDNESS_TOL.
MIN_S=0.15
MAX_S=1.5
MIN_PEAK_DB=-20
MIN_RMS_DB=-40

TONES=([1]=ngang [2]=huyền [3]=sắc [4]=hỏi [5]=ngã [6]=nặng)

# tone_mark is the tone (1–6, as espeak-ng numbers them) of a syllable by its written mark.
tone_mark() {
	case "$1" in
	*à* | *ằ* | *ầ* | *è* | *ề* | *ì* | *ò* | *ồ* | *ờ* | *ù* | *ừ* | *ỳ*) echo 2 ;;
	*á* | *ắ* | *ấ* | *é* | *ế* | *í* | *ó* | *ố* | *ớ* | *ú* | *ứ* | *ý*) echo 3 ;;
	*ả* | *ẳ* | *ẩ* | *ẻ* | *ể* | *ỉ* | *ỏ* | *ổ* | *ở* | *ủ* | *ử* | *ỷ*) echo 4 ;;
	*ã* | *ẵ* | *ẫ* | *ẽ* | *ễ* | *ĩ* | *õ* | *ỗ* | *ỡ* | *ũ* | *ữ* | *ỹ*) echo 5 ;;
	*ạ* | *ặ* | *ậ* | *ẹ* | *ệ* | *ị* | *ọ* | *ộ* | *ợ* | *ụ* | *ự* | *ỵ*) echo 6 ;;
	*) echo 1 ;;
	esac
}

# tone_found is the tone espeak-ng gives one syllable of its phoneme output (-x): the digit
# after the vowel, 1–6 as above, and 7 for a level tone at the end of a clause (a word said
# alone), which is ngang too. "?" when the syllable has no tone or several.
tone_found() {
	local d
	d=$(tr -cd '1-7' <<<"$1")
	case "$d" in
	7) echo 1 ;;
	[1-6]) echo "$d" ;;
	*) echo "?" ;;
	esac
}

names() { # "1 2" → "ngang+huyền"; a syllable without a tone is "none"
	local t s=""
	for t in "$@"; do
		case "$t" in
		[1-6]) s+="${s:++}${TONES[$t]}" ;;
		*) s+="${s:++}none" ;;
		esac
	done
	echo "${s:-none}"
}

pad() { # text width: left-aligned in width letters
	local n=$(($2 - ${#1}))
	((n < 1)) && n=1
	printf '%s%*s' "$1" "$n" ""
}

row() { # the table's columns
	pad "$1" 9; pad "$2" 15; pad "$3" 7; pad "$4" 8; pad "$5" 8; pad "$6" 7; pad "$7" 24; pad "$8" 26; echo "$9"
}

stat() { # name of a sox stats line → its value
	awk -v k="$1" 'index($0, k) == 1 { print $NF }' "$work/stats"
}

check_clip() { # clip text → prints the row; returns 1 on a failure
	local clip=$1 text=$2 file="$out/$1.opus" problems=() dur="-" peak="-" rms="-" loud="-" flat
	if [ ! -s "$file" ]; then
		problems+=("missing")
	elif ! opusdec --quiet --float --rate 48000 "$file" "$work/dec.wav" 2>/dev/null; then
		problems+=("not an Opus file")
	else
		sox "$work/dec.wav" -n stats 2>"$work/stats"
		dur=$(stat "Length s")
		peak=$(stat "Pk lev dB")
		rms=$(stat "RMS lev dB")
		flat=$(stat "Flat factor")
		loud=$(loudness "$work/dec.wav")
		echo "$loud" >>"$work/loudness"
		local lo=$MIN_S hi=$MAX_S
		[ "$clip" = chime ] && lo=1 hi=3
		awk "BEGIN{exit !($dur < $lo)}" && problems+=("short")
		awk "BEGIN{exit !($dur > $hi)}" && problems+=("long")
		awk "BEGIN{exit !($peak < $MIN_PEAK_DB || $rms < $MIN_RMS_DB)}" && problems+=("silent")
		awk "BEGIN{exit !($peak >= 0 || $flat > 0)}" && problems+=("clipped")
		awk "BEGIN{d = $loud - ($LOUDNESS_DB); exit !(d > $LOUDNESS_TOL || d < -$LOUDNESS_TOL)}" && problems+=("loudness")
	fi
	local phon="-" tones="-"
	if [ "$clip" != chime ]; then
		local said want=() got=() s
		said=$(spoken "$text")
		phon=$(espeak-ng -q -x -v "$VOICE" "$said" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')
		for s in $text; do want+=("$(tone_mark "$s")"); done
		for s in $phon; do got+=("$(tone_found "$s")"); done
		[ "$said" != "$text" ] && phon="$phon (as \"$said\")"
		tones="$(names "${want[@]}")"
		if [ "${want[*]}" != "${got[*]}" ]; then
			tones+=" / $(names "${got[@]}")"
			problems+=("tone")
		else
			tones+=" / ="
		fi
	fi
	local ok=OK
	((${#problems[@]})) && ok="FAIL: ${problems[*]}"
	row "$text" "$clip.opus" "$dur" "$peak" "$rms" "$loud" "$phon" "$tones" "$ok"
	[ "$ok" = OK ]
}

check() {
	command -v opusdec >/dev/null || { echo "voice.sh: opusdec missing (opus-tools)" >&2; exit 1; }
	"$GO" run ./server/voice/words "$@" >"$work/words.tsv"
	local total=0 failed=() clip text
	: >"$work/loudness"
	row word file "dur s" "peak dB" "RMS dB" "loud" "espeak-ng phonemes (-x)" "tone expected / found" ""
	while IFS=$'\t' read -r clip text; do
		total=$((total + 1))
		check_clip "$clip" "$text" || failed+=("$clip")
	done <"$work/words.tsv"
	check_clip chime "(chime)" || failed+=(chime)
	local f name
	for f in "$out"/*.opus; do
		name=$(basename "$f" .opus)
		[ "$name" = chime ] || cut -f1 "$work/words.tsv" | grep -qx "$name" ||
			echo "note: $f is not in the list (scripts/voice.sh removes it)"
	done
	echo
	sort -n "$work/loudness" | awk -v t="$LOUDNESS_DB" 'NR == 1 { lo = $1 } { hi = $1 }
		END { printf "loudness (K-weighted RMS, target %s dB): %s to %s dB, a spread of %.2f dB\n", t, lo, hi, hi - lo }'
	if ((${#failed[@]})); then
		echo "voice.sh check: ${#failed[@]} of $((total + 1)) clips FAIL: ${failed[*]}" >&2
		exit 1
	fi
	echo "voice.sh check: all $total word clips and the chime OK (espeak-ng $(espeak-ng --version | awk '{print $4}'), voice $VOICE)"
}

# --- sentence ------------------------------------------------------------------------------

# sentence assembles a call from the clips as the display says a call alone (display/plan.js,
# FULL_AGAIN): the chime, 0.15 s, the sentence with a pause of 0.3 s at each "|" (around the
# number), 0.6 s, then the sentence again from its first "|"; then draws the spectrogram of
# the sentence. The text is lowercase words of the list; a two-syllable letter name ("e lờ")
# is one clip.
sentence() {
	local text=${1:?usage: scripts/voice.sh sentence "mời công dân có số thứ tự | a không hai ba | đến quầy số năm" [out]}
	local dest=${2:-test-output/voice/sentence}
	"$GO" run ./server/voice/words >"$work/words.tsv"
	declare -A clipOf
	local clip t
	while IFS=$'\t' read -r clip t; do clipOf[$t]=$clip; done <"$work/words.tsv"
	sox -n -r 48000 -c 1 -b 16 "$work/pause.wav" trim 0 0.3
	local w files=() names=() again=() i=0 n=0 marked=""
	read -ra w <<<"${text,,}"
	while ((i < ${#w[@]})); do
		if [ "${w[i]}" = "|" ]; then
			files+=("$work/pause.wav")
			[ -n "$marked" ] || marked=${#files[@]}
			i=$((i + 1))
			continue
		elif ((i + 1 < ${#w[@]})) && [ -n "${clipOf["${w[i]} ${w[i + 1]}"]:-}" ]; then
			clip=${clipOf["${w[i]} ${w[i + 1]}"]}
			i=$((i + 2))
		elif [ -n "${clipOf[${w[i]}]:-}" ]; then
			clip=${clipOf[${w[i]}]}
			i=$((i + 1))
		else
			echo "voice.sh: no clip for \"${w[i]}\"" >&2
			exit 1
		fi
		opusdec --quiet --rate 48000 "$out/$clip.opus" "$work/w$n.wav"
		files+=("$work/w$n.wav")
		names+=("$clip")
		n=$((n + 1))
	done
	again=("${files[@]:${marked:-0}}")
	opusdec --quiet --rate 48000 "$out/chime.opus" "$work/chime.wav"
	sox -n -r 48000 -c 1 -b 16 "$work/g15.wav" trim 0 0.15
	sox -n -r 48000 -c 1 -b 16 "$work/g60.wav" trim 0 0.6
	mkdir -p "$(dirname "$dest")"
	sox "$work/chime.wav" "$work/g15.wav" "${files[@]}" "$work/g60.wav" "${again[@]}" "$dest.wav"
	# the sentence, 0–8 kHz (the voice has little above), titled with the clip names (sox's
	# font is ASCII); where each clip starts, to read the picture
	sox "${files[@]}" -n rate 16k spectrogram -x 2400 -y 400 -z 80 -t "${names[*]}" \
		-c "scripts/voice.sh sentence" -o "$dest.png"
	local at=0 k=0 f
	for f in "${files[@]}"; do
		if [ "$f" = "$work/pause.wav" ]; then
			printf '%6.3f s  (pause)\n' "$at"
		else
			printf '%6.3f s  %s\n' "$at" "${names[k]}"
			k=$((k + 1))
		fi
		at=$(awk -v a="$at" -v d="$(soxi -D "$f")" 'BEGIN{print a + d}')
	done
	printf '%6.3f s  (end)\n' "$at"
	echo "voice.sh: $n clips, the call $(soxi -D "$dest.wav") s in $dest.wav; the sentence's spectrogram in $dest.png"
}

case "${1:-}" in
check)
	shift
	check "$@"
	;;
sentence)
	shift
	sentence "$@"
	;;
import)
	shift
	import_clips "$@"
	;;
*) record "$@" ;;
esac

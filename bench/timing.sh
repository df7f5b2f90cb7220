# bench/timing.sh: sourced by the benches that time single commands (bash).
# timed FILE CMD...: run CMD, append "WALL CPU USER" (seconds; CPU = user + system) to FILE,
# where $work is the bench's scratch folder.
# Timed with bash's own clock ($EPOCHREALTIME) and its `time` keyword, so that no process
# of the harness starts inside the measured span: date(1) and time(1) did, and added 3 to
# 6 ms there, a twentieth of a small commit (timing `/bin/true` shows what is left: the
# start of a process). `time` gives CPU times in milliseconds, time(1) in hundredths.
TIMEFORMAT='%3U %3S'
timed() {
	f=$1; shift
	t0=$EPOCHREALTIME
	{ time "$@" >/dev/null 2>&3; } 3>&2 2>"$work/.t"
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" '{ printf "%.4f %.3f %.3f\n", b - a, $1 + $2, $1 }' "$work/.t" >>"$f"
}

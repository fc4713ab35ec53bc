# fish completion for xverify(1). Installed as
# <prefix>/share/fish/vendor_completions.d/xverify.fish.

set -l subs inspect list rootfs diff init report merge
set -l distros debian:bullseye debian:bookworm debian:trixie debian:sid ubuntu:jammy ubuntu:noble

complete -c xverify -n "not __fish_seen_subcommand_from $subs" -a inspect -d 'show what xverify reads from binaries'
complete -c xverify -n "not __fish_seen_subcommand_from $subs" -a list -d 'show packages, binaries and platforms'
complete -c xverify -n "not __fish_seen_subcommand_from $subs" -a rootfs -d 'manage smoke test root filesystems'
complete -c xverify -n "not __fish_seen_subcommand_from $subs" -a diff -d 'what changed since the previous release'
complete -c xverify -n "not __fish_seen_subcommand_from $subs" -a init -d 'a starter matrix from a good release'
complete -c xverify -n "not __fish_seen_subcommand_from $subs" -a report -d 'the reports of a saved --json result'
complete -c xverify -n "not __fish_seen_subcommand_from $subs" -a merge -d 'join the --shard results of CI jobs'

# verify options
set -l v "not __fish_seen_subcommand_from $subs"
complete -c xverify -n $v -l matrix -r -F -d 'release matrix (JSON)'
complete -c xverify -n $v -l fail-on -x -a 'error warn' -d 'level that fails the gate'
complete -c xverify -n $v -l baseline -r -F -d 'previous release'
complete -c xverify -n $v -l data-dir -x -a '(__fish_complete_directories)' -d 'folder with system-libs/'
complete -c xverify -n $v -l today -x -d 'date waivers expire against'
complete -c xverify -n $v -l junit -r -F -d 'JUnit XML report'
complete -c xverify -n $v -l json -r -F -d 'JSON report'
complete -c xverify -n $v -l sarif -r -F -d 'SARIF report'
complete -c xverify -n $v -l markdown -r -F -d 'Markdown report'
complete -c xverify -n $v -l html -r -F -d 'HTML report'
complete -c xverify -n $v -s q -l quiet -d 'only failures and the verdict'
complete -c xverify -n $v -s v -l verbose -d 'every result, passes too'
complete -c xverify -n $v -l color -x -a 'auto always never' -d 'colour'
complete -c xverify -n $v -l smoke -d 'run smoke tests'
complete -c xverify -n $v -l no-smoke -d 'do not run smoke tests'
complete -c xverify -n $v -l cache-dir -x -a '(__fish_complete_directories)' -d 'root filesystem cache'
complete -c xverify -n $v -l distros -x -a "$distros" -d 'distributions to run in'
complete -c xverify -n $v -l timeout -x -d 'seconds per smoke command'
complete -c xverify -n $v -l jobs -x -d 'parallel work'
complete -c xverify -n $v -l max-total -x -d 'bytes the release may expand to'
complete -c xverify -n $v -l max-member -x -d 'bytes one member may expand to'
complete -c xverify -n $v -l max-entries -x -d 'entries of all archives and folders'
complete -c xverify -n $v -l max-depth -x -d 'archives inside archives'
complete -c xverify -n $v -l max-ratio -x -d 'expanded/compressed ratio'
complete -c xverify -n $v -l ratio-min -x -d 'expanded bytes before the ratio applies'
complete -c xverify -n $v -l shard -x -a '1/2 2/2 1/3 2/3 3/3' -d 'judge share K of N'
complete -c xverify -n $v -l platform -x -d 'judge only these platforms'
complete -c xverify -n $v -s h -l help -d 'show the options'
complete -c xverify -n $v -s V -l version -d 'show the versions'

# inspect / list
complete -c xverify -n '__fish_seen_subcommand_from inspect' -l json -d 'one JSON object per file'
complete -c xverify -n '__fish_seen_subcommand_from inspect' -l no-symbols -d 'skip symbol tables'
complete -c xverify -n '__fish_seen_subcommand_from inspect' -s j -l jobs -x -d 'files read at a time'
complete -c xverify -n '__fish_seen_subcommand_from list' -l json -d 'one JSON document'

# diff
set -l d '__fish_seen_subcommand_from diff'
complete -c xverify -n $d -l json -r -F -d 'changes as JSON'
complete -c xverify -n $d -l markdown -r -F -d 'pull-request comment'
complete -c xverify -n $d -l html -r -F -d 'HTML page'
complete -c xverify -n $d -l fail-on -x -a 'default none unreadable file.removed exports.removed floor.raised hardening.lost needs.added size.changed exports needs floor' -d 'change kinds that break'
complete -c xverify -n $d -l max-growth -x -d 'size.changed breaks above this percent'
complete -c xverify -n $d -l matrix -r -F -d 'release matrix (JSON)'
complete -c xverify -n $d -s q -l quiet -d 'no terminal listing'

# report / merge
set -l rm '__fish_seen_subcommand_from report merge'
complete -c xverify -n $rm -l junit -r -F -d 'JUnit XML report'
complete -c xverify -n $rm -l json -r -F -d 'JSON report'
complete -c xverify -n $rm -l sarif -r -F -d 'SARIF report'
complete -c xverify -n $rm -l markdown -r -F -d 'Markdown report'
complete -c xverify -n $rm -l html -r -F -d 'HTML report'
complete -c xverify -n $rm -s q -l quiet -d 'only what blocks, and the verdict'
complete -c xverify -n $rm -s v -l verbose -d 'every result, passes too'
complete -c xverify -n $rm -l color -x -a 'auto always never' -d 'colour'

# rootfs
set -l r '__fish_seen_subcommand_from rootfs'
complete -c xverify -n "$r; and not __fish_seen_subcommand_from add list rm" -x -a 'add list rm'
complete -c xverify -n "$r; and __fish_seen_subcommand_from add rm" -x -a "$distros"
complete -c xverify -n $r -l arch -x -a 'amd64 arm64 armhf i386 riscv64' -d 'architecture'
complete -c xverify -n $r -l from -r -F -d 'tarball to unpack'
complete -c xverify -n $r -l force -d 'replace an existing one'
complete -c xverify -n $r -l dry-run -d 'print the build command only'
complete -c xverify -n $r -l cache-dir -x -a '(__fish_complete_directories)' -d 'cache folder'

# bash completion for xverify(1). Installed as
# <prefix>/share/bash-completion/completions/xverify; the options are those of
# 'xverify --help' and each subcommand's --help (tests/cli/completion.sh).

_xverify_distros="debian:bullseye debian:bookworm debian:trixie debian:sid ubuntu:jammy ubuntu:noble"

_xverify()
{
    local cur prev words cword
    _init_completion || return

    local sub="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            inspect|list|rootfs|diff|init|report|merge) sub=${words[i]}; break ;;
        esac
    done

    case $sub in
    inspect)
        case $prev in -j|--jobs) return ;; esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--json --no-symbols --jobs --help' -- "$cur"))
        else
            _filedir
        fi
        return ;;
    list)
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--json --help' -- "$cur"))
        else
            _filedir
        fi
        return ;;
    diff)
        case $prev in
            --json|--markdown|--html) _filedir; return ;;
            --matrix) _filedir json; return ;;
            --max-growth) return ;;
            --fail-on)
                # change kinds, comma-separated: complete the last one
                local kinds='default none unreadable file.removed exports.removed
                    floor.raised hardening.lost needs.added size.changed exports needs floor'
                local head=${cur%,*} last=${cur##*,}
                [[ $cur == *,* ]] && head=$head, || head=
                COMPREPLY=($(compgen -P "$head" -W "$kinds" -- "$last"))
                return ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--json --markdown --html --fail-on --max-growth
                --matrix --quiet --help' -- "$cur"))
        else
            _filedir
        fi
        return ;;
    report|merge)
        case $prev in
            --junit|--json|--sarif|--markdown|--html) _filedir; return ;;
            --color) COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return ;;
        esac
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--junit --json --sarif --markdown --html --quiet
                --verbose --color --help' -- "$cur"))
        else
            _filedir json
        fi
        return ;;
    init)
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--help' -- "$cur"))
        else
            _filedir
        fi
        return ;;
    rootfs)
        case $prev in
            --arch) COMPREPLY=($(compgen -W 'amd64 arm64 armhf i386 riscv64' -- "$cur")); return ;;
            --from) _filedir '@(tar|tar.gz|tgz|tar.zst)'; return ;;
            --cache-dir) _filedir -d; return ;;
            add|rm) COMPREPLY=($(compgen -W "$_xverify_distros" -- "$cur")); __ltrim_colon_completions "$cur"; return ;;
            rootfs) COMPREPLY=($(compgen -W 'add list rm' -- "$cur")); return ;;
        esac
        COMPREPLY=($(compgen -W '--arch --from --force --dry-run --cache-dir --help' -- "$cur"))
        return ;;
    esac

    case $prev in
        --matrix) _filedir json; return ;;
        --fail-on) COMPREPLY=($(compgen -W 'error warn' -- "$cur")); return ;;
        --color) COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return ;;
        --distros)
            COMPREPLY=($(compgen -W "$_xverify_distros" -- "$cur"))
            __ltrim_colon_completions "$cur"; return ;;
        --data-dir|--cache-dir) _filedir -d; return ;;
        --baseline|--junit|--json|--sarif|--markdown|--html) _filedir; return ;;
        --timeout|--jobs|--today|--max-total|--max-member|--max-entries|--max-depth|--max-ratio|--ratio-min) return ;;
        --shard) COMPREPLY=($(compgen -W '1/2 2/2 1/3 2/3 3/3' -- "$cur")); return ;;
        --platform) return ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '--matrix --fail-on --baseline --data-dir --today
            --junit --json --sarif --markdown --html --quiet --verbose --color
            --smoke --no-smoke --cache-dir --distros --timeout --jobs --help
            --version --max-total --max-member --max-entries --max-depth
            --max-ratio --ratio-min --shard --platform' -- "$cur"))
        return
    fi
    if ((cword == 1)); then
        COMPREPLY=($(compgen -W 'inspect list rootfs diff init report merge' -- "$cur"))
    fi
    _filedir
} && complete -F _xverify xverify

"""``genfile completion SHELL``: tab completion for bash, zsh and fish, made from the parser
itself, so every command and flag genfile has is completed and none it lacks."""

from __future__ import annotations

import argparse

SHELLS = ("bash", "zsh", "fish")


def _commands(parser: argparse.ArgumentParser) -> dict[str, list[str]]:
    """Each subcommand and its long and short options (the top level as "")."""
    found = {"": [o for a in parser._actions for o in a.option_strings]}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = [o for a in sub._actions for o in a.option_strings]
    return found


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    commands = _commands(parser)
    names = " ".join(n for n in commands if n)
    if shell == "bash":
        cases = "\n".join(
            f'    {name}) opts="{" ".join(opts)}" ;;' for name, opts in commands.items() if name
        )
        return f"""# genfile completion for bash: eval "$(genfile completion bash)" in ~/.bashrc
_genfile() {{
  local cur="${{COMP_WORDS[COMP_CWORD]}}" cmd="${{COMP_WORDS[1]}}" opts
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "{names} {" ".join(commands[""])}" -- "$cur")); return
  fi
  case "$cmd" in
{cases}
    *) opts="" ;;
  esac
  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else COMPREPLY=($(compgen -f -- "$cur")); fi
}}
complete -F _genfile genfile
"""
    if shell == "zsh":
        cases = "\n".join(
            f"    {name}) _arguments '*:path:_files' {' '.join(repr(o) for o in opts)} ;;"
            for name, opts in commands.items()
            if name
        )
        return f"""#compdef genfile
# genfile completion for zsh: genfile completion zsh > "${{fpath[1]}}/_genfile"
_genfile() {{
  if (( CURRENT == 2 )); then
    compadd {names}
    return
  fi
  case $words[2] in
{cases}
  esac
}}
compdef _genfile genfile
"""
    lines = [
        "# genfile completion for fish: genfile completion fish > ~/.config/fish/completions/genfile.fish"
    ]
    lines.append(f"complete -c genfile -f -n __fish_use_subcommand -a '{names}'")
    for name, opts in commands.items():
        if not name:
            continue
        for opt in opts:
            flag = f"-l {opt[2:]}" if opt.startswith("--") else f"-s {opt[1:]}"
            lines.append(f"complete -c genfile -n '__fish_seen_subcommand_from {name}' {flag}")
    return "\n".join(lines) + "\n"

"""Go: the server among many mains and subcommands, the project's own build flags, and ports
read from configuration (issue 19), loopback-only listeners (issue 16), no port for a main
that serves nothing (issue 20, item 8)."""

from __future__ import annotations

import pytest

from genfile.detectors import go
from genfile.pipeline import detect, plan_stack
from genfile.plan import BuildPlan
from genfile.render import render
from genfile.repo import Repo
from tests.conftest import SAMPLES, make_project

MOD = "module example.com/app\n\ngo 1.26\n"
SERVER = 'package main\n\nimport "net/http"\n\nfunc main() {\n\t_ = http.ListenAndServe(":8081", nil)\n}\n'
CLIENT = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'


def plan_of(tmp_path, files) -> BuildPlan:
    return plan_stack(detect(make_project(tmp_path, files)))


def final_stage(plan: BuildPlan) -> list[str]:
    text = render(plan)["Dockerfile"]
    return text[text.rindex("\nFROM ") :].splitlines()


def instructions(plan: BuildPlan, *names: str) -> list[str]:
    return [line for line in final_stage(plan) if line.split(" ", 1)[0] in names]


# ---- which main ------------------------------------------------------------------------------


def test_the_server_wins_over_a_client_named_like_the_module(tmp_path) -> None:
    f = detect(
        make_project(tmp_path, {"go.mod": MOD, "cmd/app/main.go": CLIENT, "cmd/appd/main.go": SERVER})
    ).details
    assert f.main.build_path == "./cmd/appd"
    assert f.main_reason.startswith("the only command that serves (cmd/appd/main.go:6")


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("Procfile", "web: bin/admin\n", "Procfile:1"),
        ("Makefile", "run:\n\tgo run ./cmd/admin\n", "Makefile:2"),
        (
            "Makefile",
            "build:\n\tgo build -o bin/console ./cmd/admin\nrun: build\n\t./bin/console\n",
            "Makefile:4",
        ),
        ("README.md", "# app\n\n## Running\n\n```sh\ngo run ./cmd/admin\n```\n", "README.md:6"),
        ("Dockerfile", 'FROM golang:1.26\nRUN go build -o /app ./cmd/admin\nCMD ["/app"]\n', "Dockerfile:3"),
    ],
)
def test_among_several_servers_the_one_the_project_runs(tmp_path, name, text, where) -> None:
    files = {"go.mod": MOD, "cmd/admin/main.go": SERVER, "cmd/api/main.go": SERVER, name: text}
    detection = detect(make_project(tmp_path, files))
    f = detection.details
    assert f.main.build_path == "./cmd/admin", f.main_reason
    assert f.main_reason.startswith(f"the one the project runs ({where}")
    assert not any("several main packages" in w for w in detection.warnings)


def test_main_that_serves_nothing_gets_no_port(tmp_path, run_cli) -> None:
    # issue 20 item 8: --main ./cmd/migrate of a service with a one-off tool
    repo = Repo(SAMPLES / "go-cmd-layout")
    detection = go.detect(repo, main="./cmd/migrate")
    plan = go.plan(detection, plan_stack(detect(SAMPLES / "go-cmd-layout")).stack)
    assert plan.port is None and detection.fact("serves").value is False  # type: ignore[union-attr]
    text = render(plan)["Dockerfile"]
    assert "EXPOSE" not in text and "ENV PORT" not in text
    assert "It serves nothing genfile can see" in text
    project = make_project(tmp_path, {"go.mod": MOD, "main.go": CLIENT})
    code, out, _ = run_cli("init", str(project), "--stdout", "--files", "Dockerfile,compose.yaml")
    assert code == 0 and "EXPOSE" not in out and "ports:" not in out


# ---- command trees ---------------------------------------------------------------------------

COBRA_TREE = {
    "go.mod": MOD,
    "main.go": 'package main\n\nimport "example.com/app/internal/cli"\n\n'
    "func main() { cli.NewRoot().Execute() }\n",
    "internal/cli/root.go": """package cli

import (
	"net/http"

	"github.com/spf13/cobra"
)

func NewRoot() *cobra.Command {
	root := &cobra.Command{Use: "app"}
	admin := &cobra.Command{Use: "admin"}
	admin.AddCommand(newWebCmd())
	root.AddCommand(admin, newVersionCmd())
	return root
}

func newWebCmd() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use: "web [flags]",
		RunE: func(cmd *cobra.Command, args []string) error {
			return http.ListenAndServe(addr, nil)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "localhost:9090", "listen address")
	return cmd
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{Use: "version", Run: func(*cobra.Command, []string) {}}
}
""",
}


def test_cobra_subcommand_that_serves_is_the_cmd(tmp_path) -> None:
    plan = plan_of(tmp_path, COBRA_TREE)
    assert plan.start_command == ("/usr/local/bin/app", "admin", "web", "--addr=0.0.0.0:9090")
    assert plan.port == 9090
    assert instructions(plan, "ENTRYPOINT", "CMD") == [
        'ENTRYPOINT ["/usr/local/bin/app"]',
        'CMD ["admin", "web", "--addr=0.0.0.0:9090"]',
    ]
    text = render(plan)["Dockerfile"]
    assert "the cobra command that serves (internal/cli/root.go:19, reaching internal/cli/root.go:22)" in text
    assert "internal/cli/root.go:25: -addr defaults to localhost:9090, loopback only" in text


def test_sample_cobra_serve_runs_serve_with_the_makefile_flags() -> None:
    detection = detect(SAMPLES / "go-cobra-serve")
    plan = plan_stack(detection)
    f = detection.details
    assert f.subcommand == ("serve",) and plan.start_command == ("/usr/local/bin/linkbox", "serve")
    assert (plan.port, plan.honours_port) == (4000, True)
    assert plan.source("port").where() == "cmd/serve.go:17"
    assert [e.where() for e in detection.fact("port").evidence] == ["cmd/serve.go:17", "cmd/serve.go:26"]  # type: ignore[union-attr]
    assert f.version_var == "github.com/acme/linkbox/internal/buildinfo.Version"
    text = render(plan)["Dockerfile"]
    assert "go build -v -trimpath -tags production -ldflags=" in text
    assert "-X github.com/acme/linkbox/internal/buildinfo.Version=$VERSION}" in text
    assert "as the project's release build (Makefile:7)" in text
    # go.mod requires go-sqlite3 for tools/exportdb only: the server stays static
    assert not f.cgo.enabled and plan.base_image.endswith("static-debian12:nonroot")
    assert [e.where() for e in f.cgo.why_not] == ["go.mod:7"]


URFAVE = """package main

import (
	"log"
	"net/http"
	"os"

	"github.com/urfave/cli/v2"
)

func main() {
	app := &cli.App{
		Name: "appd",
		Commands: []*cli.Command{
			{Name: "migrate", Action: func(c *cli.Context) error { return nil }},
			{
				Name:   "server",
				Action: runServer,
				Flags: []cli.Flag{
					&cli.IntFlag{Name: "port", Value: 7000, EnvVars: []string{"APP_PORT"}},
					&cli.StringFlag{Name: "host", Value: "127.0.0.1", EnvVars: []string{"APP_HOST"}},
				},
			},
		},
	}
	if err := app.Run(os.Args); err != nil {
		log.Fatal(err)
	}
}

func runServer(c *cli.Context) error {
	return http.ListenAndServe(c.String("host")+":"+c.String("port"), nil)
}
"""

GOFLAGS = """package main

import (
	"net/http"

	flags "github.com/jessevdk/go-flags"
)

type ServeCommand struct{}

func (c *ServeCommand) Execute(args []string) error { return http.ListenAndServe(":6060", nil) }

type CheckCommand struct{}

func (c *CheckCommand) Execute(args []string) error { return nil }

func main() {
	parser := flags.NewParser(nil, flags.Default)
	parser.AddCommand("check", "check", "check config", &CheckCommand{})
	parser.AddCommand("serve", "serve", "run the server", &ServeCommand{})
	_, _ = parser.Parse()
}
"""

KONG = """package main

import (
	"net/http"

	"github.com/alecthomas/kong"
)

type RunServerCmd struct {
	Listen string `default:":7070" env:"LISTEN_ADDR"`
}

func (r *RunServerCmd) Run() error { return http.ListenAndServe(r.Listen, nil) }

type PingCmd struct{}

func (p *PingCmd) Run() error { return nil }

var cli struct {
	Ping      PingCmd      `cmd:"" help:"ping"`
	RunServer RunServerCmd `cmd:"" help:"serve"`
}

func main() { kong.Parse(&cli).FatalIfErrorf(nil) }
"""


@pytest.mark.parametrize(
    ("code", "command", "port", "env"),
    [
        (URFAVE, ("server",), 7000, [("APP_HOST", "0.0.0.0")]),
        (GOFLAGS, ("serve",), 6060, []),
        (KONG, ("run-server",), 7070, []),
    ],
    ids=["urfave-cli", "go-flags", "kong"],
)
def test_command_tree_libraries(tmp_path, code, command, port, env) -> None:
    plan = plan_of(tmp_path, {"go.mod": MOD, "main.go": code})
    assert plan.start_command == ("/usr/local/bin/app", *command)
    assert plan.port == port
    assert [(n, v) for n, v, _ in plan.details.env] == env


# ---- ports -----------------------------------------------------------------------------------


def _main(body: str, imports: str = '"net/http"') -> str:
    return f"package main\n\nimport (\n\t{imports}\n)\n\nfunc main() {{\n{body}}}\n"


@pytest.mark.parametrize(
    ("files", "port", "reads_env", "where"),
    [
        # flag default, the listener takes the flag
        (
            {
                "main.go": _main(
                    '\tp := flag.Int("port", 3000, "port")\n\tflag.Parse()\n'
                    '\t_ = http.ListenAndServe(fmt.Sprintf(":%d", *p), nil)\n',
                    '"flag"\n\t"fmt"\n\t"net/http"',
                )
            },
            3000,
            False,
            "main.go:10",
        ),
        # caarlos0/env
        (
            {
                "main.go": _main(
                    '\tvar c cfg\n\t_ = env.Parse(&c)\n\t_ = http.ListenAndServe(":"+c.Port, nil)\n',
                    '"net/http"\n\n\t"github.com/caarlos0/env/v11"',
                ),
                "cfg.go": "package main\n\ntype cfg struct {\n"
                '\tPort string `env:"PORT" envDefault:"3100"`\n}\n',
            },
            3100,
            True,
            "cfg.go:4",
        ),
        # viper SetDefault + AutomaticEnv
        (
            {
                "main.go": _main(
                    '\tviper.SetDefault("port", 4100)\n\tviper.AutomaticEnv()\n'
                    '\t_ = http.ListenAndServe(":"+viper.GetString("port"), nil)\n',
                    '"net/http"\n\n\t"github.com/spf13/viper"',
                )
            },
            4100,
            True,
            "main.go:10",
        ),
        # config.yml the code opens
        (
            {
                "main.go": _main(
                    '\tdata, _ := os.ReadFile("config.yml")\n\t_ = data\n'
                    "\t_ = http.ListenAndServe(addr(), nil)\n",
                    '"net/http"\n\t"os"',
                ),
                "addr.go": 'package main\n\nfunc addr() string { return "" }\n',
                "config.yml": "server:\n  port: 4200\n",
            },
            4200,
            False,
            "config.yml:2",
        ),
        # nothing says: 8080, no evidence
        (
            {
                "main.go": _main("\tvar h http.Handler\n\t_ = http.ListenAndServe(addr, h)\n"),
                "a.go": "package main\n\nvar addr string\n",
            },
            8080,
            False,
            "default",
        ),
    ],
    ids=["flag", "envDefault", "viper", "config.yml", "no-evidence"],
)
def test_port_from_configuration(tmp_path, files, port, reads_env, where) -> None:
    detection = detect(make_project(tmp_path, {"go.mod": MOD, **files}))
    plan = plan_stack(detection)
    assert (plan.port, plan.honours_port) == (port, reads_env)
    evidence = detection.fact("port").evidence  # type: ignore[union-attr]
    assert where in [e.where() for e in evidence], evidence
    if where == "default":
        assert evidence[0].note == "default 8080, no evidence"


def test_required_server_host_and_port_are_set_in_the_image(tmp_path) -> None:
    main = _main(
        '\thost := mustEnv("SERVER_HOST")\n\tport := mustEnv("SERVER_PORT")\n'
        '\t_ = http.ListenAndServe(host+":"+port, nil)\n'
    )
    helper = (
        'package main\n\nimport (\n\t"log"\n\t"os"\n)\n\nfunc mustEnv(k string) string {\n'
        '\tv := os.Getenv(k)\n\tif v == "" {\n\t\tlog.Fatalf("%s is required", k)\n\t}\n\treturn v\n}\n'
    )
    files = {
        "go.mod": MOD,
        "main.go": main,
        "env.go": helper,
        ".env.example": "SERVER_HOST=localhost\nSERVER_PORT=5050\n",
    }
    detection = detect(make_project(tmp_path, files))
    plan = plan_stack(detection)
    assert plan.port == 5050 and not plan.honours_port
    assert "SERVER_PORT, not PORT" in plan.port_note
    lines = final_stage(plan)
    assert "ENV SERVER_PORT=5050" in lines and "ENV SERVER_HOST=0.0.0.0" in lines
    comments = [lines[i - 1] for i, line in enumerate(lines) if line.startswith("ENV SERVER_")]
    assert comments == [
        "# main.go:9: SERVER_PORT has no default: the image sets it to the port.",
        "# main.go:8: SERVER_HOST (no default) sets the interface.",
    ]
    assert [e.where() for e in detection.fact("port").evidence] == ["main.go:9", ".env.example:2"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "imports", "where"),
    [
        ('\t_ = http.ListenAndServe("localhost:8080", nil)\n', '"net/http"', "main.go:8"),
        (
            '\tl, _ := net.Listen("tcp", "127.0.0.1:9000")\n\t_ = http.Serve(l, nil)\n',
            '"net"\n\t"net/http"',
            "main.go:9",
        ),
        ('\tr := gin.Default()\n\t_ = r.Run("localhost:8080")\n', '"github.com/gin-gonic/gin"', "main.go:9"),
    ],
    ids=["ListenAndServe", "net.Listen", "gin"],
)
def test_loopback_in_the_code_is_a_warning_with_its_line(tmp_path, body, imports, where) -> None:
    detection = detect(make_project(tmp_path, {"go.mod": MOD, "main.go": _main(body, imports)}))
    [warning] = [w for w in detection.warnings if "loopback" in w]
    assert warning.startswith(f"{where}: listens on loopback only")
    assert "change the address" in warning


def test_loopback_from_the_environment_is_fixed_in_the_image(tmp_path) -> None:
    body = (
        '\thost := os.Getenv("HOST")\n\tif host == "" {\n\t\thost = "127.0.0.1"\n\t}\n'
        '\t_ = http.ListenAndServe(host+":"+os.Getenv("PORT"), nil)\n'
    )
    detection = detect(make_project(tmp_path, {"go.mod": MOD, "main.go": _main(body, '"net/http"\n\t"os"')}))
    plan = plan_stack(detection)
    assert not any("loopback" in w for w in detection.warnings)
    assert "ENV HOST=0.0.0.0" in final_stage(plan) and plan.honours_port


def test_gin_run_without_an_address_follows_port(tmp_path) -> None:
    plan = plan_of(
        tmp_path,
        {"go.mod": MOD, "main.go": _main("\tr := gin.New()\n\t_ = r.Run()\n", '"github.com/gin-gonic/gin"')},
    )
    assert (plan.port, plan.honours_port) == (8080, True)
    assert "ENV PORT=8080" in final_stage(plan)


def test_an_os_exec_run_is_not_a_gin_listener(tmp_path) -> None:
    files = {
        "go.mod": MOD,
        "main.go": _main("\tr := gin.New()\n\t_ = r\n\trunTool()\n", '"github.com/gin-gonic/gin"'),
        "tool.go": 'package main\n\nimport "os/exec"\n\nfunc runTool() { _ = exec.Command("true").Run() }\n',
    }
    f = detect(make_project(tmp_path, files)).details
    assert f.serving.listener is None


# ---- build flags ------------------------------------------------------------------------------


def test_goreleaser_build_flags(tmp_path) -> None:
    goreleaser = (
        "version: 2\nbuilds:\n  - id: api\n    main: ./cmd/api\n    binary: apiserver\n"
        "    tags:\n      - netgo\n    ldflags:\n"
        "      - -s -w -X main.version={{.Version}} -X main.commit={{.Commit}}\n"
        "      - -X main.channel=stable\n"
    )
    files = {
        "go.mod": MOD,
        "cmd/api/main.go": SERVER,
        "cmd/tool/main.go": CLIENT,
        ".goreleaser.yaml": goreleaser,
    }
    detection = detect(make_project(tmp_path, files))
    plan = plan_stack(detection)
    assert plan.details.binary == "apiserver" and plan.details.version_var == "main.version"
    text = render(plan)["Dockerfile"]
    assert '-tags netgo -ldflags="-s -w -X main.channel=stable${VERSION:+ -X main.version=$VERSION}"' in text
    flags = detection.fact("build flags").value  # type: ignore[union-attr]
    assert "-X main.commit left out (a value only make knows)" in flags


def test_custom_build_tag_files_are_read_with_the_tag(tmp_path) -> None:
    files = {
        "go.mod": MOD,
        "main.go": CLIENT.replace('fmt.Println("hi")', "serve()"),
        "serve_prod.go": '//go:build prod\n\npackage main\n\nimport "net/http"\n\n'
        'func serve() { _ = http.ListenAndServe(":7777", nil) }\n',
        "serve_dev.go": "//go:build !prod\n\npackage main\n\nfunc serve() {}\n",
        "Makefile": "build:\n\tgo build -tags prod -o bin/app .\n",
    }
    plan = plan_of(tmp_path, files)
    assert plan.port == 7777 and "-tags prod" in render(plan)["Dockerfile"]

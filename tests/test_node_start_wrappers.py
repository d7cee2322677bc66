"""Start scripts that wrap the server in an env-file loader (`node -r dotenv/config`,
`dotenv -e ../../.env --`): the server runs directly as PID 1, and the note names the
variables the env file sets (from its committed example), never a value."""

from __future__ import annotations

import json

from genfile.pipeline import detect, plan_stack
from tests.conftest import make_project


def test_dotenv_wrappers_run_the_server_and_name_the_variables(tmp_path) -> None:
    files = {
        "package.json": json.dumps({"name": "r", "private": True, "workspaces": ["apps/*"]}),
        ".env.example": "DATABASE_URL=postgres://localhost/x\nexport SECRET_KEY=change-me\n# a comment\n",
        ".env": "DATABASE_URL=postgres://real-secret\n",
        "apps/api/package.json": json.dumps(
            {
                "name": "api",
                "scripts": {"start": "dotenv -e ../../.env -- node -r dotenv/config server.js"},
                "dependencies": {"dotenv-cli": "7.0.0", "dotenv": "16.0.0"},
            }
        ),
        "apps/api/server.js": "require('http').createServer().listen(process.env.PORT || 3000);\n",
    }
    detection = detect(make_project(tmp_path, files), main="apps/api")
    plan = plan_stack(detection)
    assert plan.command == ("node", "server.js")
    note = next(w for w in detection.warnings if "`dotenv` loads ../../.env" in w)
    assert "it sets DATABASE_URL, SECRET_KEY (../../.env.example)" in note and "docker run -e" in note
    assert not any("real-secret" in w or "change-me" in w for w in detection.warnings)

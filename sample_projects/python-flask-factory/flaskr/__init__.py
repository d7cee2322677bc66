"""A visit counter in the shape of Flask's tutorial app: an application factory, its
configuration and SQLite database in the instance folder, created at start."""

import os

from flask import Flask

from flaskr import db


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DATABASE=os.path.join(app.instance_path, "flaskr.sqlite"))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)

    os.makedirs(app.instance_path, exist_ok=True)
    db.init_app(app)
    with app.app_context():
        db.init_db()

    @app.get("/health")
    def health():
        db.get_db().execute("SELECT 1").fetchone()
        return "ok"

    @app.post("/visits")
    def visit():
        conn = db.get_db()
        conn.execute("INSERT INTO visit DEFAULT VALUES")
        conn.commit()
        return {"visits": conn.execute("SELECT count(*) FROM visit").fetchone()[0]}

    return app

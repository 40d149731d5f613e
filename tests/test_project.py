"""Project-wide checks: deploy settings, code style, compose file, translations."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent


def run(cmd, env=None, cwd=ROOT):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_check_deploy_with_production_settings_reports_nothing():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        RIPSO_ENV="production",
        SECRET_KEY="x7!kq2$-a-long-random-production-secret-for-the-deploy-check-0987654321",
        ALLOWED_HOSTS="ripso.example.org",
    )
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_use_host_cookies_hsts_and_short_sessions():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    env.update(RIPSO_ENV="production", SECRET_KEY="s" * 60, ALLOWED_HOSTS="ripso.example.org")
    code = (
        "import django,os;django.setup();from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SECURE_HSTS_SECONDS,"
        " s.SESSION_COOKIE_AGE, s.SESSION_IDLE_TIMEOUT, s.SESSION_COOKIE_SECURE, s.DEBUG)"
    )
    env["DJANGO_SETTINGS_MODULE"] = "ripso.settings"
    result = run([sys.executable, "-c", code], env)
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "31536000",
        "43200",
        "1800",
        "True",
        "False",
    ], result.stderr


def test_embedded_default_is_sqlite_eager_celery_and_console_mail():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "EMAIL_BACKEND", "RIPSO_ENV"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "ripso.settings"
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)"
    )
    result = run([sys.executable, "-c", code], env)
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ], result.stderr


def test_ruff_check_is_clean():
    result = run([str(BIN / "ruff"), "check", "."])
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run([str(BIN / "ruff"), "format", "--check", "."])
    assert result.returncode == 0, result.stdout + result.stderr


def test_docker_compose_file_is_valid():
    compose = shutil.which("docker-compose")
    assert compose, "docker-compose is installed by scripts/bootstrap.sh"
    result = run([compose, "-f", "docker-compose.yml", "config", "-q"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_makemessages_leaves_no_untranslated_spanish_or_english_string(tmp_path):
    """Every string of the interface is translated into Spanish (and English is complete)."""
    work = tmp_path / "project"
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(
            ".venv",
            "var",
            "staticfiles",
            ".git",
            "*.mo",
            "__pycache__",
            "node_modules",
            "test-artifacts",
            ".pytest_cache",
            ".ruff_cache",
        ),
    )
    result = run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore",
            "tests/*",
            "--ignore",
            "docs/*",
        ],
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    es = polib.pofile(str(work / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in es.untranslated_entries()] + [e.msgid for e in es.fuzzy_entries()]
    assert missing == []
    en = polib.pofile(str(work / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert len(en) > 200


# Places outside the repository that earlier notes pointed to (built from parts so that this file
# does not name them itself): the repository explains itself (docs/).
OUTSIDE_REFERENCES = re.compile(
    "|".join(
        [
            r"\.\./" + "shared",
            "/work/" + "shared",
            "shared/" + "(?:design|seeds)",
            r"\bdesign/[A-Z]",
            r"\bseeds/\d",
            r"\b(?:ACCESS|ARCHITECTURE|METHODOLOGY|STYLE|STACK)" + r"\.md\b",
            r"\bSTYLE" + r" (?:rule )?\d",
        ]
    )
)


def test_no_tracked_file_points_outside_the_repository():
    """Docs, comments and tests point to the repository's own docs (docs/rules.md for the rule
    catalogue, docs/architecture.md, docs/access.md, docs/style.md), never to design notes or
    source documents kept outside it."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
    assert listed.returncode == 0, listed.stderr
    offending = []
    for name in filter(None, listed.stdout.split("\0")):
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the work tree, not yet committed
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary (images, fonts, compiled catalogues)
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE_REFERENCES.search(line):
                offending.append(f"{name}:{number}: {line.strip()[:120]}")
    assert offending == []


def test_pre_commit_runs_the_pinned_ruff():
    """The ruff of the pre-commit hooks is the ruff of requirements-dev.txt (the test suite's)."""
    pinned = re.search(
        r"^ruff==(\S+)", (ROOT / "requirements-dev.txt").read_text(encoding="utf-8"), re.M
    )
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    hooks = re.findall(r"^\s+- id: (\S+)", config, re.M)
    assert pinned and hooks == ["ruff-check", "ruff-format", "djlint"]
    assert set(re.findall(r'"ruff==([^"]+)"', config)) == {pinned.group(1)}


def test_security_map_cites_only_tests_that_exist():
    """docs/security.md names the test behind each point: every ``test_…`` name it cites (a
    trailing ``*`` for a prefix) is defined somewhere in tests/, every ``tests/…`` path exists,
    and every ASVS 5.0 chapter V1…V17 has its section, so the page cannot drift from the code."""
    import re

    text = (ROOT / "docs" / "security.md").read_text()
    defined = set()
    for path in (ROOT / "tests").rglob("*.py"):
        defined.update(re.findall(r"^\s*def (test_\w+)", path.read_text(), flags=re.M))
    cited = set(re.findall(r"`(?:[\w/.]+::)?(test_\w+\*?)`", text))
    assert len(cited) > 60
    missing = sorted(
        name
        for name in cited
        if not (
            any(d.startswith(name[:-1]) for d in defined) if name.endswith("*") else name in defined
        )
    )
    assert missing == []
    paths = set(re.findall(r"`(tests/[\w/.]+\.py)", text))
    assert [p for p in sorted(paths) if not (ROOT / p).exists()] == []
    chapters = re.findall(r"^## V(\d+) ", text, flags=re.M)
    assert chapters == [str(n) for n in range(1, 18)]

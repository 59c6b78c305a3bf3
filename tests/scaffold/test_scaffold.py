"""``drafting new``: the generated repository works, its CI and hooks run, unsafe input is refused."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.check import check_paths
from drafting.check.load import load
from drafting.cli import cli, main
from drafting.errors import UsageError, WriteFailed
from drafting.scaffold import repository as scaffold
from drafting.scaffold.distribution import install_command

from ..conftest import ROOT

EXPECTED_FILES = {
    ".drafting/schemas/plan.schema.json",
    ".drafting/schemas/speech.schema.json",
    ".drafting/schemas/notice.schema.json",
    ".drafting/schemas/summary.schema.json",
    ".drafting/schemas/units.schema.json",
    ".github/workflows/drafting.yml",
    ".gitignore",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "README.md",
    "plan-2025.yaml",
    "units.yaml",
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder whose cookiecutter configuration would put a replay file inside it."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".cookiecutterrc").write_text(
        f"replay_dir: {json.dumps(str(home / 'replay'))}\n"
        f"cookiecutters_dir: {json.dumps(str(home / 'cookiecutters'))}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("COOKIECUTTER_CONFIG", str(home / ".cookiecutterrc"))
    return home


@pytest.fixture
def work(tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder (beside the home folder) for ``drafting new``."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _new(*args: str) -> int:
    return main(["new", *args])


@pytest.fixture
def repo(work: Path) -> Path:
    argv = ["office", "--no-input", "--org", "××县教育局", "--year", "2025"]
    assert _new(*argv, "--units", "办公室、人事股,基础教育股") == 0
    return work / "office"


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _env() -> dict[str, str]:
    """The environment a CI job has: this interpreter's drafting first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, shell=True, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=300
    )


def test_the_repository_has_every_file_and_nothing_else(repo: Path, work: Path) -> None:
    assert _files(repo) == EXPECTED_FILES
    assert sorted(os.listdir(work)) == ["office"]  # no staging folder left behind
    units = yaml.safe_load((repo / "units.yaml").read_text(encoding="utf-8"))
    assert units == {
        "kind": "units",
        "org": "××县教育局",
        "units": ["办公室", "人事股", "基础教育股"],
    }
    plan = (repo / "plan-2025.yaml").read_text(encoding="utf-8")
    assert plan.startswith("# yaml-language-server: $schema=.drafting/schemas/plan.schema.json\n")
    settings_json = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings_json["yaml.schemas"]["./.drafting/schemas/plan.schema.json"]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# ××县教育局公文\n")
    assert "plan-2026.yaml" in readme  # next year's file, computed in the template
    assert "{{" not in readme and "cookiecutter" not in readme
    ignored = (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"build/", "~$*", ".~*"} <= set(ignored)


def test_the_first_plan_passes_check_and_uses_the_units(repo: Path) -> None:
    report = check_paths([str(repo)], strict=True)
    assert [d.format() for d in report.diagnostics] == []
    assert sorted(Path(f.display).name for f in report.files) == ["plan-2025.yaml", "units.yaml"]
    plan = load(repo / "plan-2025.yaml").data
    used = {u for s in plan["sections"] for t in s["tasks"] for u in t["units"]}
    assert used == {"办公室", "人事股", "基础教育股"}


def test_the_github_workflow_commands_pass_and_render_the_plan(repo: Path) -> None:
    workflow = yaml.safe_load((repo / ".github/workflows/drafting.yml").read_text(encoding="utf-8"))
    runs = [step["run"] for step in workflow["jobs"]["drafting"]["steps"] if "run" in step]
    assert runs[0] == install_command()
    assert _install_lines(repo) == [install_command()] * 3
    commands = [r for r in runs if r.startswith("drafting ")]
    assert commands == ["drafting check --format github .", "drafting render . -o build/"]
    for command in commands:
        done = _shell(command, repo)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "::error" not in done.stdout
    upload = workflow["jobs"]["drafting"]["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "build/"
    rendered = docx.Document(str(repo / "build" / "plan-2025.docx"))
    texts = [p.text for p in rendered.paragraphs]
    assert texts[0] == "2025年工作要点"
    assert "1.深入抓好理论学习。" in "".join(texts)
    assert any("（责任单位：办公室；全年）" in t for t in texts)
    assert "附件：重点工作任务分解表" in texts
    table = rendered.tables[0]
    assert "办公室" in [c.text for c in table.rows[2].cells]


def test_the_gitlab_job_passes_and_writes_its_report(repo: Path) -> None:
    job = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))["drafting"]
    for command in job["script"]:
        if command.startswith("drafting "):
            done = _shell(command, repo)
            assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert (repo / "build" / "plan-2025.docx").is_file()


def test_the_gitlab_job_fails_on_a_broken_document(repo: Path) -> None:
    plan = repo / "plan-2025.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("year: 2025", "yeer: 2025"), "utf-8")
    job = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))["drafting"]
    results = [_shell(c, repo) for c in job["script"][1:3]]
    assert [r.returncode for r in results] == [0, 1]  # the report is written, the job fails
    rows = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    places = {
        (r["location"]["path"], r["location"]["lines"]["begin"], r["check_name"]) for r in rows
    }
    assert ("plan-2025.yaml", 7, "schema-additional") in places  # the misspelt key
    assert ("plan-2025.yaml", 4, "schema-required") in places  # the document lacks its year


def _install_lines(repo: Path) -> list[str]:
    """Return the pip lines of the GitHub workflow, the GitLab job and the README, in order."""
    workflow = yaml.safe_load((repo / ".github/workflows/drafting.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["drafting"]["steps"]
    job = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))["drafting"]
    readme = (repo / "README.md").read_text(encoding="utf-8").splitlines()
    return [
        *(s["run"] for s in steps if "pip install" in s.get("run", "")),
        *(c for c in job["script"] if "pip install" in c),
        *(
            line.strip()
            for line in readme
            if line.strip().startswith("python -m pip install ") and "pre-commit" not in line
        ),
    ]


@pytest.mark.parametrize(
    "spec",
    [
        "--index-url https://pypi.example.cn/simple drafting-gongwen==0.1.0",
        "./wheels/drafting_gongwen-0.1.0-py3-none-any.whl",
        "git+https://git.example.cn/office/drafting.git@v0.1.0#egg=drafting-gongwen",
        "'drafting-gongwen @ https://files.example.cn/d.whl'",
        '"D:/内部 软件/drafting_gongwen-0.1.0-py3-none-any.whl"',
    ],
)
def test_install_from_goes_into_every_ci_file_and_the_readme(spec: str, work: Path) -> None:
    assert _new("office", "--no-input", "--install-from", spec) == 0
    line = install_command(spec)
    assert shlex.split(line)[4:] == shlex.split(spec)
    assert _install_lines(work / "office") == [line, line, line]
    assert f"`{line}`" in (work / "office" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("spec", ["", "a\nb", "x`id`", "'unclosed", "$HOME/d.whl", "a\x85b"])
def test_a_bad_install_from_is_refused_before_anything_is_written(
    spec: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = spec.encode().decode("unicode_escape")
    assert _new("office", "--no-input", "--install-from", spec) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "安装来源" in err
    assert os.listdir(work) == []


def _hook(hook_id: str) -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == hook_id]
    return hook  # type: ignore[no-any-return]


def _hook_files(hook: dict[str, object], root: Path, suffixes: tuple[str, ...]) -> list[str]:
    """The files pre-commit would pass: by type or pattern, minus the hook's ``exclude``."""
    exclude = re.compile(str(hook.get("exclude", "^$")))
    files = sorted(p for p in _files(root) if p.endswith(suffixes))
    return [f for f in files if not exclude.search(f)]


def test_the_check_hook_entry_fails_with_the_position_of_the_error(repo: Path) -> None:
    hook = _hook("drafting-check")
    assert hook["types"] == ["yaml"] and hook["language"] == "python"
    files = _hook_files(hook, repo, (".yaml", ".yml"))
    assert files == ["plan-2025.yaml", "units.yaml"]  # configuration files are excluded
    command = [*shlex.split(str(hook["entry"])), *files]
    ok = subprocess.run(command, cwd=repo, env=_env(), capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    plan = repo / "plan-2025.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("        deadline: 全年\n", "        deadline: [全年\n"), "utf-8")
    bad = subprocess.run(command, cwd=repo, env=_env(), capture_output=True, text=True)
    assert bad.returncode == 1
    assert re.search(r"^plan-2025\.yaml:\d+:\d+: 错误: ", bad.stdout, re.M), bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_the_lint_hook_entry_passes_a_rendered_plan(repo: Path) -> None:
    assert _shell("drafting render . -o build/", repo).returncode == 0
    hook = _hook("drafting-lint")
    files = [f for f in _files(repo) if re.search(str(hook["files"]), f)]
    assert files == ["build/plan-2025.docx"]
    command = [*shlex.split(str(hook["entry"])), *files]
    done = subprocess.run(command, cwd=repo, env=_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _in_repo_with_pre_commit(repo: Path, tmp_path: Path) -> Any:
    """Return a function running a command in ``repo`` with a private pre-commit cache."""
    pytest.importorskip("pre_commit")
    env = _env() | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    return run


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_runs_the_generated_configuration(repo: Path, tmp_path: Path) -> None:
    run = _in_repo_with_pre_commit(repo, tmp_path)

    _add_other_programs_yaml(repo)
    assert run("git", "init", "-q").returncode == 0
    assert run("git", "add", "-A").returncode == 0
    hooks = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    first = run(*hooks)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "drafting check" in first.stdout
    plan = repo / "plan-2025.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("year: 2025", "yeer: 2025"), "utf-8")
    assert run("git", "add", "-A").returncode == 0
    second = run(*hooks)
    assert second.returncode == 1
    assert re.search(r"^plan-2025\.yaml:7:1: 错误: 未知的键“yeer”", second.stdout, re.M), (
        second.stdout
    )


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout"
)
def test_pre_commit_installs_this_repository_as_a_hook(repo: Path, tmp_path: Path) -> None:
    """``pre-commit try-repo`` builds the hook from .pre-commit-hooks.yaml as users get it."""
    run = _in_repo_with_pre_commit(repo, tmp_path)

    _add_other_programs_yaml(repo)
    plan = repo / "plan-2025.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("year: 2025", "yeer: 2025"), "utf-8")
    assert run("git", "init", "-q").returncode == 0
    assert run("git", "add", "-A").returncode == 0
    try_repo = (
        sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "drafting-check",
        "--all-files", "--color", "never",
    )  # fmt: skip
    tried = run(*try_repo)
    assert tried.returncode == 1, tried.stdout + tried.stderr
    assert "plan-2025.yaml:7:1: 错误: 未知的键“yeer”" in tried.stdout
    assert ".gitlab-ci.yml" not in tried.stdout  # configuration files are not checked
    assert "docker-compose" not in tried.stdout and "deploy" not in tried.stdout
    plan.write_text(text, "utf-8")
    assert run("git", "add", "-A").returncode == 0
    fixed = run(*try_repo)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr  # other programs' YAML passes


def _add_other_programs_yaml(repo: Path) -> None:
    """Put YAML of other programs in ``repo``: it breaks our rules but is not ours."""
    (repo / "docker-compose.yml").write_text(
        "x-common: &common\n  image: nginx\nservices:\n  web:\n    <<: *common\n", "utf-8"
    )
    (repo / "deploy").mkdir()
    (repo / "deploy" / "k8s.yaml").write_text("kind: Service\n---\nkind: Pod\n", "utf-8")


def test_template_syntax_in_values_appears_literally(work: Path) -> None:
    org = "{{ 7*7 }}{% for x in range(3) %}x{% endfor %}"
    assert _new("o", "--no-input", "--org", org, "--units", "{{7*7}}、办公室") == 0
    repo = work / "o"
    assert load(repo / "units.yaml").data["org"] == org
    assert load(repo / "units.yaml").data["units"] == ["{{7*7}}", "办公室"]
    assert load(next(repo.glob("plan-*.yaml"))).data["org"] == org
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert f"# {org}公文" in readme
    assert "49" not in readme and "xxx" not in readme
    assert check_paths([str(repo)]).errors == 0


@pytest.mark.parametrize(
    "name",
    [
        "../x",
        "a/../../x",
        "/tmp/drafting-abs",
        "C:\\office",
        "C:office",
        "\\\\server\\share",
        "CON",
        "nul.txt",
        "Com1",
        "lpt9.yaml",
        "a/aux",
        "x:y",
        "why?",
        "trailing.",
        "trailing ",
        "line\nbreak",
        "zero\u200bwidth",
        "",
    ],
)
def test_unsafe_directory_names_are_refused(
    name: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _new(name, "--no-input") == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err
    assert os.listdir(work) == []
    assert not (work.parent / "x").exists()


def test_a_link_out_of_the_current_folder_is_refused(
    work: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (work / "out").symlink_to(outside, target_is_directory=True)
    assert _new("out/office", "--no-input") == 2
    assert "当前文件夹之外" in capsys.readouterr().err
    assert os.listdir(outside) == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--org", "甲\n乙"),
        ("--org", "  "),
        ("--org", "长" * 61),
        ("--year", "25"),
        ("--year", "2300"),
        ("--year", "二〇二五"),
        ("--units", "办公室：人事股"),
        ("--units", "、,"),
        ("--units", "局" * 61),
    ],
)
def test_bad_values_are_refused_before_anything_is_written(
    option: str, value: str, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _new("office", "--no-input", option, value) == 2
    assert capsys.readouterr().err.startswith("错误：")
    assert os.listdir(work) == []


def test_nothing_is_left_in_the_home_folder(repo: Path, home: Path) -> None:
    assert sorted(p.name for p in home.iterdir()) == [".cookiecutterrc"]


def test_a_non_empty_folder_is_not_touched_without_force(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = work / "office"
    office.mkdir()
    (office / "README.md").write_text("我们自己的说明\n", encoding="utf-8")
    assert _new("office", "--no-input") == 2
    assert "--force" in capsys.readouterr().err
    assert _files(office) == {"README.md"}
    assert _new("office", "--no-input", "--force") == 0
    out = capsys.readouterr().out
    assert "保持不变" in out and "README.md" in out
    assert (office / "README.md").read_text(encoding="utf-8") == "我们自己的说明\n"
    assert _files(office) == {*EXPECTED_FILES - {"plan-2025.yaml"}, f"plan-{_year()}.yaml"}
    assert [p.name for p in office.iterdir() if p.name.startswith(".drafting-new-")] == []


def _year() -> int:
    return scaffold.default_year()


def test_an_empty_existing_folder_and_the_current_folder_are_used(work: Path) -> None:
    assert _new(".", "--no-input", "--year", "2030") == 0
    assert "plan-2030.yaml" in _files(work)
    assert check_paths([str(work)]).errors == 0


def test_a_failure_leaves_no_repository_and_no_staging(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import drafting.scaffold.vscode

    def broken(root: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(drafting.scaffold.vscode, "install_vscode", broken)
    answers = scaffold.Answers("××单位", 2025, ("办公室",))
    with pytest.raises(WriteFailed, match="磁盘空间不足，未做任何改动"):
        scaffold.generate(answers, scaffold.check_directory("office", work))
    assert os.listdir(work) == []


def test_interactive_prompts_are_chinese_and_ask_again(work: Path) -> None:
    answers = "××市教育局\n2026\n办公室、教研室\n../escape\nshi-jiaoyuju\n"
    result = CliRunner().invoke(cli, ["new"], input=answers)
    assert result.exit_code == 0, result.output
    for prompt in (
        "发文机关（本单位全称）",
        "第一份工作要点的年度",
        "各股室、科室",
        "仓库文件夹名",
    ):
        assert prompt in result.output
    assert "含有“..”" in result.output  # refused, then asked again
    repo = work / "shi-jiaoyuju"
    assert load(repo / "units.yaml").data["units"] == ["办公室", "教研室"]
    assert (repo / "plan-2026.yaml").is_file()
    assert not (work.parent / "escape").exists()


_UNIT_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp", "Cf"), blacklist_characters="、，,；;：:"
)


def _valid_org(value: str) -> bool:
    try:
        scaffold.check_org(value)
    except UsageError:
        return False
    return True


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    org=st.text(min_size=1, max_size=30).filter(_valid_org),
    units=st.lists(st.text(_UNIT_CHARS, min_size=1, max_size=12), min_size=1, max_size=5),
)
def test_any_accepted_values_make_a_repository_that_checks(
    org: str, units: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.mktemp("any")
    answers = scaffold.Answers(scaffold.check_org(org), 2025, scaffold.parse_units(units))
    done = scaffold.generate(answers, scaffold.check_directory("office", base))
    report = check_paths([str(done.root)])
    assert report.errors == 0, [d.format() for d in report.diagnostics]
    assert load(done.root / "units.yaml").data == {
        "kind": "units",
        "org": answers.org,
        "units": list(answers.units),
    }
    assert load(done.root / "plan-2025.yaml").data["org"] == answers.org

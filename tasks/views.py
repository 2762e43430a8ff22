"""Plans and tasks in the web UI: import with preview and confirmation, the task list and the
任务分解表 in and out. Every object is fetched through the permission layer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from notifications.models import Delivery
from plans.departments import DepartmentDirectory
from plans.excel import xlsx_response
from plans.locking import StaleError
from plans.models import Chapter, Clause, Department, Plan, current_in_each_area
from plans.parsing import PlanParseError
from plans.policy import actor_for, can, compares_districts, get_for_user, jurisdiction_of, require
from plans.utils import parse_id
from tasks import actions as plan_actions
from tasks import staging
from tasks.actions import AlreadyImported, breakdown_import, plan_import
from tasks.breakdown import LEDGER_HEADERS, BreakdownError, export_breakdown, export_ledger, read_grid
from tasks.facts import ACROSS_CHUNK, TASK_FIELDS, facts_of_tasks, plan_statuses, statuses_across
from tasks.forms import PlanRevisionForm, PlanUploadForm, TableUploadForm, TaskEditForm
from tasks.highlight import highlight
from tasks.models import Assignment, ProgressReport, Task, YearlyTarget
from tasks.pickers import plan_pickers, plan_version
from tasks.plan_import import Corrections, parse_source, read_source
from tasks.progress import TIMELINE_KINDS, current_period, task_timeline
from tasks.revision import revision_preview
from tasks.status import Light, statuses_for, unreported_periods

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_list(request):
    plans = list(
        Plan.objects.visible_to(request.user)
        .annotate(task_count=Count("tasks", distinct=True), clause_count=Count("clauses", distinct=True))
        .order_by("archived_at", "-start_year", "-pk")
    )
    for plan in plans:
        plan.can_mark_current = can(request.user, "mark_current", plan)
        plan.can_archive = can(request.user, "archive", plan)
    return render(request, "tasks/plan_list.html", {"plans": plans, "can_import": can(request.user, "import_plan")})


@require_POST
def plan_mark_current(request, pk):
    plan = get_for_user(request, Plan, pk=pk)
    plan_actions.plan_mark_current(actor=request.user, plan=plan)
    messages.success(request, f"“{plan.title}”已设为当前规划：各页面默认打开它。")
    return redirect("tasks:plan_list")


@require_POST
def plan_archive(request, pk):
    plan = get_for_user(request, Plan, pk=pk)
    plan_actions.plan_archive(actor=request.user, plan=plan)
    messages.success(request, f"“{plan.title}”已归档：不再出现在规划选择中，记录保留备查。")
    return redirect("tasks:plan_list")


def plan_detail(request, pk):
    # Not the plan's full text (up to 100 KB): the page shows the chapters and tasks made from it.
    plan = get_for_user(request, Plan.objects.defer("source_text", "preamble"), pk=pk)
    context = {
        "plan": plan,
        "can_edit": can(request.user, "edit", plan),
        # Every reader of a plan reads all its tasks: the page body is rendered once per version of
        # the plan (tasks.pickers.plan_version) and read only when it is not kept.
        "body_key": plan_version(plan),
        "body": SimpleLazyObject(lambda: _plan_body(request.user, plan)),
    }
    return render(request, "tasks/plan_detail.html", context)


def _plan_body(user, plan) -> dict:
    tasks = Task.objects.visible_to(user).filter(plan=plan).prefetch_related("assignments__department")
    chapters = (
        Chapter.objects.visible_to(user)
        .filter(plan=plan)
        .prefetch_related(Prefetch("clauses", queryset=Clause.objects.order_by("position")))
    )
    tasks_by_clause: dict[int, list[Task]] = {}
    loose_tasks = []
    for task in tasks:
        if task.clause_id:
            tasks_by_clause.setdefault(task.clause_id, []).append(task)
        else:
            loose_tasks.append(task)
    for chapter in chapters:
        for clause in chapter.clauses.all():
            clause.task_list = tasks_by_clause.get(clause.pk, [])
    return {
        "chapters": chapters,
        "loose_tasks": loose_tasks,
        "milestones": list(plan.milestones.filter(recurring="").select_related("clause")[:200]),
        "task_count": len(tasks),
    }


# --- Import with preview --------------------------------------------------------------------


def plan_import_upload(request):
    require(request.user, "import_plan", message="仅司法局督察人员和管理员可以导入规划。")
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        meta = {"title": form.cleaned_data["title"], "years": form.cleaned_data["years"]}
        try:
            directory = DepartmentDirectory(area=jurisdiction_of(request.user))
            source, parsed = _parse(form.file_data, upload.name, meta, directory)
        except PlanParseError as exc:
            form.add_error("file", f"无法解析该文档：{exc}")
        else:
            token = staging.stage(user_id=request.user.pk, filename=upload.name, data=form.file_data, meta=meta)
            staging.keep_result(token, (source, parsed))
            return redirect("tasks:plan_import_preview", token=token)
    return render(request, "tasks/plan_import.html", {"form": form})


@dataclass
class PreviewUnit:
    index: int
    unit: object
    text: str
    deadlines: list
    departments: list
    leaders: list
    ongoing: str
    source: str


def _parse(data: bytes, filename: str, meta: dict, directory: DepartmentDirectory):
    years = tuple(meta["years"]) if meta.get("years") else None
    source = read_source(data, filename)
    return source, parse_source(source, years=years, title=meta.get("title") or None, directory=directory)


def _staged_parse(request, token):
    """The staged plan as parsed at upload (parsed again only when the cache has lost it)."""
    staged = staging.load(token, user_id=request.user.pk)
    if staged is None:
        raise Http404("导入已过期或不存在，请重新上传。")
    # A revision resolves in its plan's area, a new plan in the importer's.
    plan = Plan.objects.filter(pk=staged.meta.get("plan")).first() if staged.meta.get("plan") else None
    directory = DepartmentDirectory(area=plan.area if plan else jurisdiction_of(request.user))
    kept = staging.result(token)
    if kept is None:
        kept = _parse(staged.data, staged.filename, staged.meta, directory)
        staging.keep_result(token, kept)
    source, parsed = kept
    return staged, source, parsed, directory


def plan_import_preview(request, token):
    require(request.user, "import_plan", message="仅司法局督察人员和管理员可以导入规划。")
    staged, source, parsed, directory = _staged_parse(request, token)
    errors = []
    if request.method == "POST":
        if "cancel" in request.POST:
            staging.discard(token)
            messages.info(request, "已取消导入，未写入任何内容。")
            return redirect("tasks:plan_list")
        corrections, errors = _read_corrections(request.POST, parsed, directory)
        if not errors:
            try:
                plan = plan_import(
                    actor=request.user,
                    parsed=parsed,
                    source=source,
                    title=staged.meta.get("title") or None,
                    directory=directory,
                    corrections=corrections,
                    claim=token,
                )
            except AlreadyImported as exc:
                messages.info(request, str(exc))
                if exc.plan is not None:
                    return redirect("tasks:plan_detail", pk=exc.plan.pk)
                return redirect("tasks:plan_list")
            staging.discard(token)
            messages.success(
                request, f"已导入“{plan.title}”：{plan.clauses.count()} 条，{len(plan.created_tasks)} 项任务。"
            )
            return redirect("tasks:plan_detail", pk=plan.pk)
    units = []
    unknown_names: list[str] = []
    for index, unit in enumerate(parsed.units):
        marks = {d.phrase: "deadline" for d in unit.deadlines}
        for mention in unit.departments:
            if mention.role == "leader":
                continue  # a person: not mapped to a department
            resolution = directory.resolve(mention.name)
            known = bool(resolution.departments)
            marks[mention.name] = "dept" if known else "dept-unknown"
            if not known and mention.name not in unknown_names:
                unknown_names.append(mention.name)
        units.append(
            PreviewUnit(
                index=index,
                unit=unit,
                text=highlight(unit.body, marks),
                # Keep each deadline's index in the unit: the correction fields are named by it.
                deadlines=[(i, d) for i, d in enumerate(unit.deadlines) if not d.recurring],
                departments=unit.departments,
                leaders=[m.name for m in unit.departments if m.role == "leader"],
                ongoing=next((d.phrase for d in unit.deadlines if d.recurring == "ongoing"), ""),
                # Older cached parses have no source: the text's line stands in.
                source=getattr(unit, "source", "") or f"第 {unit.line} 行",
            )
        )
    title = staged.meta.get("title") or parsed.title
    context = {
        "same_title": Plan.objects.visible_to(request.user).filter(title=title).first(),
        "parsed": parsed,
        "metadata": getattr(parsed, "metadata", {}),
        "staged": staged,
        "units": units,
        "counts": parsed.counts(),
        "unknown_names": unknown_names,
        "departments": directory.departments,
        "errors": errors,
    }
    return render(request, "tasks/plan_import_preview.html", context)


def _read_corrections(post, parsed, directory) -> tuple[Corrections, list[str]]:
    corrections, errors = Corrections(), []
    for unit_index, unit in enumerate(parsed.units):
        for deadline_index, deadline in enumerate(unit.deadlines):
            if deadline.recurring:
                continue
            key = f"deadline-{unit_index}-{deadline_index}"
            if post.get(f"{key}-drop"):
                corrections.deadlines[(unit_index, deadline_index)] = None
                continue
            value = post.get(key, "")
            if not value:
                continue
            try:
                new_date = datetime.date.fromisoformat(value)
            except ValueError:
                errors.append(f"{unit.label}的时限“{value}”不是有效日期。")
                continue
            if new_date != deadline.date or deadline.needs_confirmation:
                corrections.deadlines[(unit_index, deadline_index)] = new_date
    valid_ids = {d.pk for d in directory.departments}
    for position, name in enumerate(post.getlist("unknown_name")):
        chosen = post.get(f"unknown-{position}", "")
        if parse_id(chosen) in valid_ids:
            corrections.departments[name] = parse_id(chosen)
    return corrections, errors


# --- Revising a plan from a new text ---------------------------------------------------------


def plan_revise_upload(request, pk):
    """Upload a revised text of a stored plan; the next page shows what it changes, clause by clause."""
    plan = get_for_user(request, Plan, for_change=True, pk=pk)
    form = PlanRevisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        years = form.cleaned_data["years"] or (plan.start_year, plan.end_year)
        meta = {"plan": plan.pk, "version": plan.version, "years": list(years)}
        try:
            source, parsed = _parse(form.file_data, upload.name, meta, DepartmentDirectory(area=plan.area))
        except PlanParseError as exc:
            form.add_error("file", f"无法解析该文档：{exc}")
        else:
            token = staging.stage(user_id=request.user.pk, filename=upload.name, data=form.file_data, meta=meta)
            staging.keep_result(token, (source, parsed))
            return redirect("tasks:plan_revise_preview", pk=plan.pk, token=token)
    return render(request, "tasks/plan_revise.html", {"plan": plan, "form": form})


def plan_revise_preview(request, pk, token):
    """The clause-by-clause difference (added, changed, removed) and what happens to the tasks and
    their reports; confirming applies it once."""
    plan = get_for_user(request, Plan, for_change=True, pk=pk)
    if request.method == "POST" and staging.is_gone(token):
        # Confirmed (or cancelled) already: a second click of the button is told so, not applied.
        messages.error(request, "这次修订已经确认过或已取消，未再次写入。")
        return redirect("tasks:plan_detail", pk=plan.pk)
    staged, source, parsed, directory = _staged_parse(request, token)
    if staged.meta.get("plan") != plan.pk:
        raise Http404("修订已过期或不存在，请重新上传。")
    if request.method == "POST":
        if "cancel" in request.POST:
            staging.discard(token)
            messages.info(request, "已取消修订，规划未作任何改动。")
            return redirect("tasks:plan_detail", pk=plan.pk)
        if staging.claim(token, user_id=request.user.pk) is None:
            messages.error(request, "这次修订已经确认过或已取消，未再次写入。")
            return redirect("tasks:plan_detail", pk=plan.pk)
        try:
            changes = plan_actions.plan_revise(
                actor=request.user,
                plan=plan,
                parsed=parsed,
                source=source,
                directory=directory,
                version=staged.meta.get("version"),
            )
        except StaleError as exc:
            messages.error(request, str(exc))
            return redirect("tasks:plan_detail", pk=plan.pk)
        finally:
            staging.discard(token)
        counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in ("added", "changed", "removed")}
        messages.success(
            request,
            f"规划已修订：新增 {counts['added']} 条，修改 {counts['changed']} 条，删除 {counts['removed']} 条"
            "（其任务已归档，进展记录保留）。",
        )
        return redirect("tasks:plan_detail", pk=plan.pk)
    stale = staged.meta.get("version") != plan.version
    context = {
        "plan": plan,
        "staged": staged,
        "parsed": parsed,
        "preview": revision_preview(plan, parsed, request.user),
        "stale": stale,
    }
    return render(request, "tasks/plan_revise_preview.html", context)


# --- Tasks and the 任务分解表 ------------------------------------------------------------------


def _attach_statuses(tasks: list[Task]) -> None:
    statuses = statuses_for(tasks, today=timezone.localdate())
    for task in tasks:
        task.status = statuses[task.pk]


def _task_filters(request) -> dict:
    return {k: request.GET.get(k, "").strip() for k in ("q", "chapter", "department", "role", "light")}


def _visible_tasks(request, plan, filters):
    """The plan's tasks the user may see, filtered as the list page and its exports are, except by
    light (which needs the tasks' statuses)."""
    return _narrowed(Task.objects.visible_to(request.user).filter(plan=plan), filters).order_by("position")


def _narrowed(tasks, filters: dict, today: datetime.date | None = None):
    """``tasks`` narrowed by the task lists' filters that are given (keyword, chapter, department
    and role, due date), except by light: one rule for the list of a plan and the list across plans."""
    tasks = tasks.search(filters.get("q", ""))
    if parse_id(filters.get("chapter", "")):
        tasks = tasks.filter(clause__chapter__number=parse_id(filters["chapter"]))
    if parse_id(filters.get("department", "")):
        assigned = Assignment.objects.filter(department_id=parse_id(filters["department"]))
        if filters.get("role") in Assignment.Role.values:
            assigned = assigned.filter(role=filters["role"])
        tasks = tasks.filter(pk__in=assigned.values("task_id"))
    if filters.get("due") in DUE_WINDOWS:
        first, last = _due_window(filters["due"], today or timezone.localdate())
        tasks = tasks.filter(deadline__gte=first, deadline__lte=last)
    if due_before := _parse_date(filters.get("due_before", "")):
        tasks = tasks.filter(deadline__lte=due_before)
    return tasks


# The 完成时限 windows the list across plans offers: the task's own 完成时限 (the column shown),
# not its light, which says whether it is late.
DUE_WINDOWS = {"month": "本月到期", "quarter": "本季度到期", "year": "本年到期", "past": "完成时限已过"}


def _due_window(window: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of ``window`` (a DUE_WINDOWS key) around ``today``."""
    if window == "past":
        return datetime.date.min, today - datetime.timedelta(days=1)
    if window == "year":
        return today.replace(month=1, day=1), today.replace(month=12, day=31)
    first_month = today.month if window == "month" else (today.month - 1) // 3 * 3 + 1
    first = today.replace(month=first_month, day=1)
    months = 1 if window == "month" else 3
    year, month = divmod(first.month - 1 + months, 12)
    return first, datetime.date(first.year + year, month + 1, 1) - datetime.timedelta(days=1)


def _parse_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def _task_query(request, plan):
    """The filtered tasks (``_visible_tasks``) as instances with their clauses and departments, for
    the exports; and the filters as given."""
    # Assignments in one query with their departments, ordered within each task only: the model's
    # ordering ("task" first) would join every task and plan to sort them (15 ms a page at scale).
    assignments = Assignment.objects.select_related("department").order_by("role", "department__name")
    filters = _task_filters(request)
    tasks = (
        _visible_tasks(request, plan, filters)
        .select_related("clause__chapter")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
    )
    return tasks, filters


def _filtered_tasks(request, plan, *, with_status: bool = True):
    """The plan's tasks the user may see, filtered as the list page and its exports are.

    With ``with_status`` every task carries its ``status`` (light, completion) from tasks.status;
    without it (and no light filter) a queryset comes back."""
    tasks, filters = _task_query(request, plan)
    if not with_status and filters["light"] not in Light.ORDER:
        return tasks, filters
    tasks = list(tasks)
    _attach_statuses(tasks)
    if filters["light"] in Light.ORDER:
        tasks = [t for t in tasks if t.status.light == filters["light"]]
    return tasks, filters


# What the task list reads of a task: the facts' fields (its light is judged from them without
# reading the task again) and what the row shows. Value rows, not instances: building 50 tasks
# with their departments as model instances, and resolving them in the template, was most of the
# page's time (#24: the list served 11% of the floor's requests per second).
LIST_FIELDS = ["id", *TASK_FIELDS, "clause__label", "unresolved_departments"]
_URL_PLACEHOLDER = 2147483647


def _task_rows(rows: list[dict], statuses: dict, plans: dict[int, dict] | None = None) -> list[dict]:
    """The task list's rows, ready to print: the page's departments in one query, every text
    composed here once rather than looked up in the template per cell. With ``plans`` (plan id →
    its "plan" and "district" labels, value rows holding ``plan_id``) each row says its plan too."""
    names: dict[int, dict[str, list[str]]] = {row["id"]: {"lead": [], "support": []} for row in rows}
    assignments = (
        Assignment.objects.filter(task_id__in=names)
        .order_by("role", "department__name")
        .values_list("task_id", "role", "department__name")
    )
    for task_id, role, name in assignments:
        names[task_id][role].append(name)
    # One reverse() for the page rather than one per row.
    detail = reverse("tasks:task_detail", args=[_URL_PLACEHOLDER])
    out = []
    for row in rows:
        status = statuses[row["id"]]
        deadline = "持续推进" if row["is_ongoing"] else "—"
        if row["deadline"]:
            deadline = row["deadline"].isoformat()
        out.append(
            {
                "pk": row["id"],
                "code": row["code"],
                "number": row["clause__label"] if row["clause_id"] else row["code"],
                "light": status.light,
                "light_label": status.label,
                "reasons": "；".join(status.reasons),
                "url": detail.replace(str(_URL_PLACEHOLDER), str(row["id"])),
                "title": row["title"],
                "unresolved": "、".join(map(str, row["unresolved_departments"] or [])),
                "leads": names[row["id"]][Assignment.Role.LEAD],
                "supporting": "、".join(names[row["id"]][Assignment.Role.SUPPORT]),
                "deadline": deadline,
                # As {% widthratio completion 1 100 %} rounded it.
                "percent": round(float(status.completion) / 1.0 * 100),
                **(plans[row["plan_id"]] if plans is not None else {}),
            }
        )
    return out


def _rows_html(rows: list[dict], *, districts: bool = False) -> str:
    """The task table's rows, written here rather than by a template loop: at 50 rows a page the
    loop's variable lookups and escaping cost more than every query of the page (#24). The markup is
    what templates/tasks/task_list.html wrote until then, byte for byte; rows of the list across
    plans begin with their 区 (when ``districts``) and their plan."""
    e = conditional_escape
    parts = []
    for row in rows:
        unresolved = ""
        if row["unresolved"]:
            unresolved = f' <span class="badge text-bg-danger" title="{e(row["unresolved"])}">有未识别部门</span>'
        where = ""
        if districts:
            where += f'    <td class="text-nowrap">{e(row["district"])}</td>\n'
        if "plan" in row:
            where += f'    <td class="small text-nowrap" title="{e(row["plan_title"])}">{e(row["plan"])}</td>\n'
        parts.append(
            "\n  <tr>\n"
            f"{where}"
            f'    <td class="text-nowrap">{e(row["number"])}</td>\n'
            f'    <td class="text-nowrap" title="{e(row["reasons"])}"><span class="light-dot light-{e(row["light"])}">'
            f"</span> {e(row['light_label'])}</td>\n"
            f'    <td><a href="{e(row["url"])}">{e(row["title"])}</a>{unresolved}</td>\n'
            f'    <td class="text-nowrap">{"<br>".join(e(name) for name in row["leads"])}</td>\n'
            f'    <td class="small">{e(row["supporting"])}</td>\n'
            f'    <td class="text-nowrap">{e(row["deadline"])}</td>\n'
            f'    <td class="text-end">{e(row["percent"])}%</td>\n'
            "  </tr>\n  "
        )
    return mark_safe("".join(parts))  # every value above is escaped


def task_list(request, pk):
    # Not the plan's full text: the page shows its title only, and the text may run to 100 KB. Its
    # area comes along in the same query, for the policy's 编辑 answer (plans.policy.within_areas).
    plan = get_for_user(request, Plan.objects.defer("source_text", "preamble").select_related("area"), pk=pk)
    filters = _task_filters(request)
    tasks = _visible_tasks(request, plan, filters).values(*LIST_FIELDS)
    today = timezone.localdate()
    statuses = None
    if filters["light"] in Light.ORDER:
        tasks = list(tasks)
        statuses = plan_statuses(plan.pk, tasks, today=today)
        tasks = [t for t in tasks if statuses[t["id"]].light == filters["light"]]
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if statuses is None:
        statuses = plan_statuses(plan.pk, rows, today=today)
    page.object_list = _task_rows(rows, statuses)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    chapters, departments = plan_pickers(plan)
    context = {
        "plan": plan,
        "page": page,
        "export_query": export_query.urlencode(),
        "filters": filters,
        "rows_html": _rows_html(page.object_list),
        "chapters": [{**c, "selected": str(c["number"]) == filters["chapter"]} for c in chapters],
        "departments": [{**d, "selected": str(d["pk"]) == filters["department"]} for d in departments],
        "roles": Assignment.Role.choices,
        "lights": [(light, Light.LABELS[light]) for light in Light.ORDER],
        "can_edit": can(request.user, "edit", plan),
    }
    return render(request, "tasks/task_list.html", context)


def _filter_labels(filters: dict) -> list[tuple[str, str]]:
    """The task list's filters as the export's 筛选条件 line says them."""
    department = Department.objects.filter(pk=parse_id(filters.get("department", ""))).first()
    return [
        ("关键词", filters.get("q", "")),
        ("章", filters.get("chapter", "")),
        ("部门", department.name if department else ""),
        ("分工", dict(Assignment.Role.choices).get(filters.get("role", ""), "")),
        ("状态", Light.LABELS.get(filters.get("light", ""), "")),
    ]


def breakdown_export(request, pk):
    plan = get_for_user(request, Plan, pk=pk)
    tasks, filters = _filtered_tasks(request, plan, with_status=False)
    table = export_breakdown(tasks)
    return xlsx_response(
        f"任务分解表-{plan.pk}-{timezone.localdate():%Y%m%d}.xlsx",
        table.headers,
        table,
        sheet_title="任务分解表",
        title=f"{plan.title}任务分解表",
        filters=_filter_labels(filters),
    )


def ledger_export(request, pk):
    """The 任务台账: every task of the filtered list with its light, latest accepted progress and completion."""
    plan = get_for_user(request, Plan, pk=pk)
    tasks, filters = _task_query(request, plan)
    rows = export_ledger(
        tasks,
        plan_id=plan.pk,
        reports=ProgressReport.objects.visible_to(request.user),
        today=timezone.localdate(),
        light=filters["light"] if filters["light"] in Light.ORDER else "",
    )
    return xlsx_response(
        f"任务台账-{plan.pk}-{timezone.localdate():%Y%m%d}.xlsx",
        LEDGER_HEADERS,
        rows,
        sheet_title="任务台账",
        title=f"{plan.title}任务台账",
        filters=_filter_labels(filters),
    )


# --- The task list across plans (#24) -----------------------------------------------------------

SEARCH_FIELDS = [*LIST_FIELDS, "plan_id"]
SEARCH_FILTERS = ("q", "plan", "scope", "area", "department", "role", "light", "due", "due_before")
PLAN_FIELDS = ["pk", "title", "area_id", "is_current", "archived_at", "created_at", "start_year", "end_year"]
PLAN_FIELDS += ["area__jurisdiction_id", "area__jurisdiction__name", "area__jurisdiction__short_name"]
PLAN_LABEL_CHARS = 12


@dataclass
class TaskSearch:
    """What the list across plans and its export share, read in a fixed number of queries."""

    filters: dict
    plans: list[dict]  # every plan the user sees (the picker), in area order
    labels: dict[int, dict]  # plan id → the row's "plan", "plan_title" and "district"
    districts: dict[int, str]  # the 市/区 offered by the 区 picker: none when the user reads one
    departments: list[dict]  # the 部门 picker: the active departments of the plans' 市/区
    tasks: object  # the filtered tasks as value rows (SEARCH_FIELDS), a queryset not yet read


def _task_search(request) -> TaskSearch:
    """The tasks of the plans the user sees, by default the current plan of each area they read (a
    district's own, or every district's for the city), filtered. Visibility is the tasks' policy
    (``Task.objects.visible_to``); the plans and districts only say which of those are asked for."""
    filters = {k: request.GET.get(k, "").strip() for k in SEARCH_FILTERS}
    plans = list(Plan.objects.visible_to(request.user).order_by("area__path", "-start_year", "pk").values(*PLAN_FIELDS))
    districts = {}
    if compares_districts(request.user):
        for plan in plans:
            name = plan["area__jurisdiction__short_name"] or plan["area__jurisdiction__name"]
            districts.setdefault(plan["area__jurisdiction_id"], name)
    if parse_id(filters["plan"]) in {plan["pk"] for plan in plans}:
        scope = {parse_id(filters["plan"])}
    elif filters["scope"] == "all":
        scope = {plan["pk"] for plan in plans}
    else:
        scope = current_in_each_area(plans)
    if parse_id(filters["area"]) in districts:
        scope = {p["pk"] for p in plans if p["pk"] in scope and p["area__jurisdiction_id"] == parse_id(filters["area"])}
    labels = {}
    for plan in plans:
        # Short enough for one line: without its 市/区's name (the 区 column says it), cut.
        short = plan["title"].removeprefix(plan["area__jurisdiction__name"]) or plan["title"]
        if len(short) > PLAN_LABEL_CHARS:
            short = short[: PLAN_LABEL_CHARS - 1] + "…"
        district = districts.get(plan["area__jurisdiction_id"], "")
        labels[plan["pk"]] = {"plan": short, "plan_title": plan["title"], "district": district}
        plan["label"] = f"{district} · {plan['title']}" if district else plan["title"]
        plan["selected"] = str(plan["pk"]) == filters["plan"]
    jurisdictions = {plan["area__jurisdiction_id"] for plan in plans if plan["pk"] in scope}
    departments = list(
        Department.objects.active()
        .filter(area__jurisdiction_id__in=jurisdictions)
        .order_by("area__path", "kind", "name")
        .values("pk", "name", "area__jurisdiction_id")
    )
    for department in departments:
        district = districts.get(department.pop("area__jurisdiction_id"))
        department["label"] = f"{district} · {department['name']}" if district else department["name"]
        department["selected"] = str(department["pk"]) == filters["department"]
    tasks = Task.objects.visible_to(request.user).filter(plan_id__in=scope)
    tasks = _narrowed(tasks, filters).order_by("plan_id", "position").values(*SEARCH_FIELDS)
    return TaskSearch(filters, plans, labels, districts, departments, tasks)


def _statuses_lit(rows: list[dict], light: str, today: datetime.date) -> tuple[list[dict], dict]:
    """``rows`` of any plans with their statuses (and only those of ``light``, when one is asked)."""
    statuses = statuses_across(rows, today=today)
    if light in Light.ORDER:
        rows = [row for row in rows if statuses[row["id"]].light == light]
    return rows, statuses


def task_search(request):
    """全部任务: the task list across plans, with the list of a plan's rows and rules."""
    search = _task_search(request)
    filters, today = search.filters, timezone.localdate()
    tasks, statuses = search.tasks, None
    if filters["light"] in Light.ORDER:
        tasks, statuses = _statuses_lit(list(tasks), filters["light"], today)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if statuses is None:
        statuses = statuses_across(rows, today=today)
    page.object_list = _task_rows(rows, statuses, search.labels)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "export_query": export_query.urlencode(),
        "rows_html": _rows_html(page.object_list, districts=bool(search.districts)),
        "plans": search.plans,
        "districts": [
            {"pk": pk, "name": name, "selected": str(pk) == filters["area"]} for pk, name in search.districts.items()
        ],
        "departments": search.departments,
        "roles": Assignment.Role.choices,
        "lights": [(light, Light.LABELS[light]) for light in Light.ORDER],
        "due_windows": DUE_WINDOWS.items(),
    }
    return render(request, "tasks/task_search.html", context)


def _default_plans_label(filters: dict, districts: dict) -> str:
    """The plans of the list when none is picked, as its picker says them."""
    if filters["scope"] == "all":
        return "全部规划（含已归档）"
    return "各区当前规划" if districts else "当前规划"


SEARCH_HEADERS = ["规划", "序号", "状态", "任务", "牵头单位", "配合单位", "完成时限", "完成度（%）"]


def task_search_export(request):
    """全部任务 as Excel: the rows of the list across plans with the same filters, every page."""
    search = _task_search(request)
    filters, today = search.filters, timezone.localdate()
    rows = list(search.tasks)

    def table():
        # In chunks: each one's statuses and departments in a fixed number of queries.
        for start in range(0, len(rows), ACROSS_CHUNK):
            chunk, statuses = _statuses_lit(rows[start : start + ACROSS_CHUNK], filters["light"], today)
            for row in _task_rows(chunk, statuses, search.labels):
                cells = [row["plan_title"], row["number"], row["light_label"], row["title"], "、".join(row["leads"])]
                cells += [row["supporting"], row["deadline"], row["percent"]]
                yield [row["district"], *cells] if search.districts else cells

    department = next((d["label"] for d in search.departments if d["selected"]), "")
    plan = next((p["label"] for p in search.plans if p["selected"]), "")
    return xlsx_response(
        f"任务列表-{today:%Y%m%d}.xlsx",
        ["区", *SEARCH_HEADERS] if search.districts else SEARCH_HEADERS,
        table(),
        sheet_title="任务列表",
        title="任务列表（全部规划）",
        filters=[
            ("关键词", filters["q"]),
            ("规划", plan or _default_plans_label(filters, search.districts)),
            ("区", search.districts.get(parse_id(filters["area"]), "")),
            ("部门", department),
            ("分工", dict(Assignment.Role.choices).get(filters["role"], "")),
            ("状态", Light.LABELS.get(filters["light"], "")),
            ("完成时限", DUE_WINDOWS.get(filters["due"], "")),
            ("完成时限不晚于", filters["due_before"] if _parse_date(filters["due_before"]) else ""),
        ],
    )


def breakdown_upload(request, pk):
    plan = get_for_user(request, Plan, for_change=True, pk=pk)
    form = TableUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename = form.cleaned_data["file"].name
        try:
            grid = read_grid(form.file_data, filename)
        except BreakdownError as exc:
            form.add_error("file", str(exc))
        else:
            token = staging.stage(user_id=request.user.pk, filename=filename, data=form.file_data, meta={"plan": pk})
            staging.keep_result(token, grid)
            return redirect("tasks:breakdown_preview", pk=pk, token=token)
    return render(request, "tasks/breakdown_upload.html", {"plan": plan, "form": form})


def breakdown_preview(request, pk, token):
    plan = get_for_user(request, Plan, for_change=True, pk=pk)
    staged = staging.load(token, user_id=request.user.pk)
    if staged is None or staged.meta.get("plan") != pk:
        raise Http404("导入已过期或不存在，请重新上传。")
    confirm = request.method == "POST" and "confirm" in request.POST
    if request.method == "POST" and "cancel" in request.POST:
        staging.discard(token)
        messages.info(request, "已取消导入，未写入任何内容。")
        return redirect("tasks:task_list", pk=pk)
    try:
        grid = staging.result(token)
        if grid is None:  # the cache lost it: read once more, and keep it
            grid = read_grid(staged.data, staged.filename)
            staging.keep_result(token, grid)
        result = breakdown_import(
            actor=request.user,
            plan=plan,
            data=staged.data,
            filename=staged.filename,
            dry_run=not confirm,
            grid=grid,
            confirm_removals=confirm and request.POST.get("confirm_removals") == "1",
        )
    except BreakdownError as exc:
        staging.discard(token)
        messages.error(request, str(exc))
        return redirect("tasks:breakdown_upload", pk=pk)
    if confirm and result.applied:
        staging.discard(token)
        messages.success(request, f"任务分解表已导入：{len(result.rows)} 行，更新 {result.updated} 项任务。")
        return redirect("tasks:task_list", pk=pk)
    error_rows = {e.row for e in result.errors}
    return render(
        request,
        "tasks/breakdown_preview.html",
        {"plan": plan, "result": result, "staged": staged, "error_rows": error_rows},
    )


def task_detail(request, pk):
    task = get_for_user(
        request,
        Task.objects.select_related("plan", "clause__chapter", "item").prefetch_related("assignments__department"),
        pk=pk,
    )
    milestones = task.clause.milestones.all() if task.clause_id else []
    indicators = task.clause.indicators.all() if task.clause_id else []
    reports = (
        ProgressReport.objects.visible_to(request.user)
        .filter(task=task)
        .select_related("department", "period")
        .order_by("-period__start", "department__name")
    )
    targets = {
        t.year: t for t in YearlyTarget.objects.visible_to(request.user).filter(task=task).select_related("department")
    }
    deliveries = (
        Delivery.objects.visible_to(request.user).filter(ref=f"task:{task.pk}").select_related("department")[:10]
        if can(request.user, "see_deliveries", task)
        else []
    )
    today = timezone.localdate()
    facts = facts_of_tasks(task.plan_id, [task], today=today)
    can_report = can(request.user, "report", task)
    kind = request.GET.get("kind", "")
    kind = kind if kind in TIMELINE_KINDS else ""
    context = {
        "status": facts.status(task.pk),
        "owed_periods": (
            unreported_periods(facts.facts[task.pk], actor_for(request.user).department_id, today) if can_report else []
        ),
        "today": today,
        "kinds": [("", "全部")] + [(key, label) for key, (label, _verbs) in TIMELINE_KINDS.items()],
        "kind": kind,
        "deliveries": list(deliveries),
        "can_urge": can(request.user, "urge", task),
        "can_edit_task": can(request.user, "edit", task),
        "can_set_targets": can(request.user, "set_targets", task),
        "can_report": can_report,
        "target_years": [(year, targets.get(year)) for year in task.plan.years],
        "task": task,
        "milestones": milestones,
        "indicators": indicators,
        "reports": reports,
        "timeline": Paginator(task_timeline(request.user, task, kind=kind), 20).get_page(request.GET.get("page")),
        "period": current_period(task.plan, today),
    }
    return render(request, "tasks/task_detail.html", context)


def task_edit(request, pk):
    """A supervisor sets the task's departments, deadline and weight. Taking off a department that
    has reported shows what becomes of its work and asks again before saving."""
    task = get_for_user(
        request, Task.objects.select_related("plan", "clause").prefetch_related("assignments"), for_change=True, pk=pk
    )
    form = TaskEditForm(request.POST or None, task=task)
    removed = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_actions.task_update(
                actor=request.user,
                task=task,
                lead_ids=[d.pk for d in data["lead"]],
                support_ids=[d.pk for d in data["support"]],
                deadline=data["deadline"],
                weight=data["weight"],
                version=data["version"],
                confirm_removal=[parse_id(v) for v in request.POST.getlist("confirm_removal") if parse_id(v)],
            )
        except plan_actions.RemovalNotConfirmed as exc:
            removed = exc.removed
        except StaleError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "任务已调整，记录见办理过程。")
            return redirect("tasks:task_detail", pk=task.pk)
    return render(request, "tasks/task_edit.html", {"task": task, "form": form, "removed": removed})

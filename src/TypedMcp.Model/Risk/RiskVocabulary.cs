using System;
using System.Collections.Generic;

namespace TypedMcp.Risk;

/// <summary>
/// The words the rules know, in base form, lower case, compared ordinally. Words are grouped by what they do as a
/// verb; whether a word in a tool name <em>is</em> a verb there is decided by <see cref="ToolNameGrammar"/>.
/// </summary>
internal static class RiskVocabulary
{
    /// <summary>Verbs that permanently remove or replace something, or end a session or credential.</summary>
    public static readonly HashSet<string> DestructiveVerbs = Set(
        "delete", "remove", "rm", "unlink", "uninstall", "revoke", "disconnect", "drop", "destroy", "purge", "wipe",
        "erase", "truncate", "rollback", "overwrite", "clean", "cleanup", "reset", "kill", "terminate", "unenroll",
        "unregister", "unsubscribe", "unpublish", "logout", "signout", "invalidate", "discard", "prune", "evict",
        "rotate", "deprovision", "decommission", "trash", "expunge", "shred");

    /// <summary>Words that, right before a money noun, make it something else: a notification subscription, an event transfer.</summary>
    public static readonly HashSet<string> NonMoneyQualifiers = Set(
        "notification", "notifications", "event", "events", "webhook", "webhooks", "topic", "topics", "email", "newsletter",
        "feed", "channel", "push", "realtime", "resource", "file", "data", "zone", "domain");

    /// <summary>Verbs that move money whatever their object (<c>refund_payment</c>, <c>pay_invoice</c>).</summary>
    public static readonly HashSet<string> MoneyVerbs = Set(
        "pay", "refund", "payout", "reconcile", "purchase", "buy", "withdraw", "deposit", "disburse", "remit",
        "settle", "charge");

    /// <summary>Nouns of money and financial commitments; a state-changing verb on one of them is Financial.</summary>
    public static readonly HashSet<string> MoneyNouns = Set(
        "payment", "payments", "refund", "refunds", "payout", "payouts", "charge", "charges", "invoice", "invoices",
        "subscription", "subscriptions", "journal", "journals", "quote", "quotes", "quotation", "quotations",
        "transfer", "transfers", "checkout", "purchase", "purchases", "bill", "bills", "transaction",
        "transactions");

    /// <summary>Verbs that run code or commands; strong enough to outweigh a read-only annotation.</summary>
    public static readonly HashSet<string> CodeVerbs = Set(
        "execute", "exec", "eval", "evaluate", "run", "rerun", "invoke", "call");

    /// <summary>Name words that are code or a command runner; strong enough to outweigh a read-only annotation.</summary>
    public static readonly HashSet<string> CodeNouns = Set("shell", "ssh", "bash", "cmd", "powershell", "sql");

    /// <summary>Verbs that start, stop, build, install or otherwise drive a job, a service or software.</summary>
    public static readonly HashSet<string> JobVerbs = Set(
        "trigger", "retry", "play", "replay", "start", "restart", "launch", "spawn", "boot", "reboot", "build",
        "rebuild", "compile", "deploy", "redeploy", "install", "reinstall", "upgrade", "migrate", "onboard", "stop",
        "reload", "refresh", "rediscover", "resume", "suspend", "pause", "reconnect");

    /// <summary>Job verbs that install or replace running software; like code verbs they outweigh a read-only annotation.</summary>
    public static readonly HashSet<string> DeployVerbs = Set("deploy", "redeploy", "install", "reinstall", "upgrade", "migrate");

    /// <summary>Verbs that fetch code into place: clone, pull or link repositories and modules.</summary>
    public static readonly HashSet<string> CodeFetchVerbs = Set("clone", "pull", "link", "symlink");

    /// <summary>Verbs that deliver a message to people.</summary>
    public static readonly HashSet<string> MessagingVerbs = Set(
        "send", "email", "mail", "sms", "notify", "broadcast", "reply", "forward", "post", "text", "dm", "message");

    /// <summary>Verbs that act in a browser or a user interface on the agent's behalf.</summary>
    public static readonly HashSet<string> InteractionVerbs = Set(
        "click", "navigate", "goto", "type", "press", "hover", "drag", "scroll", "fill", "select", "handle",
        "resize", "tap", "swipe", "focus", "emulate");

    /// <summary>Verbs that create, change or record state (reversible).</summary>
    public static readonly HashSet<string> WriteVerbs = Set(
        "create", "add", "insert", "update", "edit", "modify", "write", "set", "put", "patch", "save", "store",
        "upload", "import", "register", "enroll", "subscribe", "assign", "unassign", "tag", "untag", "label",
        "rename", "move", "copy", "duplicate", "merge", "approve", "unapprove", "reject", "close", "reopen", "lock",
        "unlock", "archive", "unarchive", "enable", "disable", "activate", "deactivate", "configure", "change",
        "toggle", "mark", "star", "unstar", "fork", "push", "commit", "accept", "decline", "offer", "cancel",
        "resolve", "unresolve", "transition", "triage", "generate", "gen", "translate", "tokenize", "share",
        "unshare", "pin", "unpin", "react", "comment", "review", "invite", "provision", "issue", "grant",
        "elevate", "mint", "login", "signin", "authenticate", "auth", "identify", "connect", "use", "switch",
        "flip", "fix", "promote", "protect", "unprotect", "block", "unblock", "follow", "unfollow", "schedule",
        "reschedule", "snooze", "complete", "finish", "publish", "record", "log", "note", "attach", "detach",
        "associate", "dissociate", "bookmark", "favorite", "like", "vote", "sync", "replace", "append", "prepend",
        "increment", "decrement", "reorder", "backup", "extend", "renew", "reserve", "claim", "release",
        "convert", "compress", "gzip", "zip", "unzip", "request", "draft", "finalize", "void", "apply", "open",
        "take", "transfer", "book", "order", "submit", "init", "initialize", "manage", "restore", "clear", "empty", "scale", "rebase", "revise", "stage",
        "unstage", "stash", "cherry", "mute", "unmute", "ignore", "dismiss", "hide", "unhide");

    /// <summary>Verbs that only read, search, report or inspect.</summary>
    public static readonly HashSet<string> ReadVerbs = Set(
        "get", "list", "read", "search", "find", "query", "fetch", "retrieve", "show", "view", "describe",
        "inspect", "check", "count", "export", "download", "lookup", "browse", "preview", "diff", "compare",
        "recommend", "assess", "probe", "ping", "watch", "analyze", "analyse", "explain", "summarize",
        "summarise", "scan", "validate", "verify", "lint", "estimate", "calculate", "compute", "render", "parse",
        "detect", "discover", "depends", "who", "whoami", "print", "dump", "peek", "poll", "tail", "snapshot",
        "screenshot", "capture", "aggregate", "explore", "trace", "audit", "monitor", "observe", "look", "see",
        "test", "report", "classify", "say", "return", "provide", "display", "tell", "answer", "present", "obtain",
        "scrape", "crawl", "extract", "research", "geocode", "map", "measure", "decompile", "disassemble");

    /// <summary>Verbs of supporting operations that act on nothing: reasoning scratchpads, echoes, waits.</summary>
    public static readonly HashSet<string> OtherVerbs = Set("think", "echo", "wait", "sleep", "noop", "ponder", "reflect");

    /// <summary>
    /// Words that are verbs in some names and nouns in others (<c>create_issue</c> vs <c>provision_issue_api_key</c>,
    /// <c>list_charges</c> vs <c>charge_customer</c>). They count as the name's verb only when no other verb is there.
    /// </summary>
    public static readonly HashSet<string> AmbiguousVerbs = Set(
        "issue", "request", "post", "run", "patch", "order", "charge", "report", "log", "comment", "review", "note",
        "label", "record", "schedule", "trigger", "play", "commit", "build", "release", "test", "type", "select",
        "transfer", "book", "draft", "email", "mail", "sms", "reply", "forward", "text", "message", "open", "take",
        "handle", "link", "focus", "submit", "block", "tag", "star", "like", "capture", "snapshot", "screenshot",
        "refund", "payout", "export", "fix", "backup", "note", "complete", "check", "use", "watch", "switch",
        "store", "set", "move", "copy", "change", "clear", "empty", "trace", "audit", "monitor", "dump", "print",
        "lock", "reset", "query", "auth", "login",
        "call", "present", "answer", "display", "return", "order", "bill", "pull", "map", "manage", "init", "restore");

    /// <summary>
    /// Pairs of words that together name a thing (<c>pull request</c>, <c>workflow run</c>); neither word is a verb there.
    /// </summary>
    public static readonly (string First, string Second)[] NounCompounds =
    {
        ("pull", "request"), ("pull", "requests"), ("merge", "request"), ("merge", "requests"),
        ("payment", "intent"), ("payment", "intents"), ("setup", "intent"), ("setup", "intents"),
        ("payment", "link"), ("payment", "links"), ("workflow", "run"), ("workflow", "runs"), ("check", "run"),
        ("check", "runs"), ("job", "run"), ("job", "runs"), ("test", "run"), ("test", "runs"), ("pipeline", "trigger"), ("pipeline", "triggers"), ("pipeline", "schedule"),
        ("pipeline", "schedules"), ("code", "review"), ("dry", "run"), ("blog", "post"), ("change", "log"),
        ("change", "logs"), ("audit", "log"), ("audit", "logs"), ("issue", "link"), ("issue", "links"),
        ("session", "link"), ("session", "links"), ("release", "notes"), ("test", "report"), ("status", "check"),
        ("status", "checks"), ("health", "check"), ("data", "model"), ("access", "request"), ("access", "requests"),
        ("review", "app"), ("review", "apps"), ("stop", "loss"), ("draft", "note"), ("draft", "notes"),
        ("rollback", "pipeline"), ("rollback", "pipelines"), ("port", "forward"),
    };

    /// <summary>
    /// First-sentence words that say a tool destroys something outright. Overwriting, restoring, resetting and rotating
    /// are left out: a write tool that overwrites its own stored copy (odoo_cert_refresh) stays a write.
    /// </summary>
    public static readonly HashSet<string> StrongDestructiveWords = Set(
        "delete", "deletes", "deleting", "remove", "removes", "removing", "revoke", "revokes", "destroy", "destroys",
        "purge", "purges", "erase", "erases", "wipe", "wipes", "drop", "drops", "uninstall", "uninstalls", "unlink",
        "unlinks");

    /// <summary>
    /// Last name words that make the name a report about the words before it (<c>module_deploy_history</c>,
    /// <c>browser_take_screenshot</c>): unless the name starts with its verb (<c>create_commit_status</c>), it reads.
    /// </summary>
    public static readonly HashSet<string> ReportNouns = Set(
        "status", "history", "list", "info", "information", "details", "summary", "stats", "statistics", "types",
        "steps", "count", "version", "versions", "howto", "health", "connections", "current", "report", "overview",
        "log", "logs", "tree", "schema", "metadata", "usage", "snapshot", "screenshot", "diff", "diffs", "preview",
        "state", "messages", "requests", "events", "metrics", "insights", "analytics", "stack");

    /// <summary>Name words that, ending a name without another verb, call an arbitrary endpoint (<c>github_api</c>, <c>odoo_web_request</c>).</summary>
    public static readonly HashSet<string> RemoteCallSuffixes = Set("api", "rpc", "http", "webhook", "curl", "graphql", "request");

    /// <summary>Objects after which <c>open</c> launches something (<c>open_connection_manager</c>, <c>open_browser</c>).</summary>
    public static readonly HashSet<string> LaunchableNouns = Set(
        "browser", "url", "page", "tab", "window", "app", "application", "manager", "terminal", "gui", "editor",
        "console", "shell", "program", "dialog");

    /// <summary>Objects that make <c>refresh</c> renew a stored item (a write) rather than restart a service.</summary>
    public static readonly HashSet<string> RenewableNouns = Set(
        "cert", "certificate", "certificates", "token", "tokens", "credential", "credentials", "key", "keys", "secret", "secrets");

    /// <summary>Input property names that carry code, SQL or a command line.</summary>
    public static readonly HashSet<string> CodeParameters = Set(
        "command", "custom_command", "cmd", "script", "sql", "shell", "python_code", "javascript", "js",
        "source_code", "commands", "shell_command");

    /// <summary>Input property names that name an arbitrary endpoint.</summary>
    public static readonly HashSet<string> EndpointParameters = Set("endpoint", "path", "url", "route", "uri");

    /// <summary>First-sentence phrases with which a server says the tool changes nothing.</summary>
    public static readonly string[] ReadOnlyPhrases =
    {
        "read only", "readonly", "without modifying", "does not modify", "no side effects",
        "never modifies", "does not change", "without changing", "doesn t modify", "doesn t change",
    };

    /// <summary>First-sentence phrases of money and accounting obligations (a written tool that books or moves money).</summary>
    public static readonly string[] FinancialPhrases =
    {
        "journal entry", "journal entries", "posts the bill", "posts bills", "posts the invoice", "posts invoices",
        "moves money", "transfers funds", "transfers money", "issues a refund", "refund", "refunds", "payout", "payouts",
        "charges the customer", "charges a customer",
    };

    /// <summary>Words before the first verb of a description that say how, not what (<c>Safely deletes</c>).</summary>
    public static readonly HashSet<string> Adverbs = Set(
        "safely", "directly", "permanently", "quickly", "recursively", "asynchronously", "optionally", "also",
        "then", "first", "immediately", "atomically", "securely", "automatically", "manually", "simply", "just",
        "please", "to", "use", "this", "tool", "will", "can", "you", "it");

    /// <summary>Objects that make clone, pull or link fetch code (<c>ee_clone</c>) rather than copy a record (<c>memory_pull</c>).</summary>
    public static readonly HashSet<string> CodeObjectNouns = Set(
        "repo", "repos", "repository", "repositories", "git", "branch", "branches", "module", "modules", "addon",
        "addons", "symlink", "symlinks", "submodule", "submodules", "package", "packages", "ee", "oca", "upstream",
        "image", "images");

    /// <summary>Objects that make <c>restore</c> put an older copy over the current data (<c>tenant_restore</c> from a dump) rather than bring a paused thing back.</summary>
    public static readonly HashSet<string> BackupNouns = Set(
        "backup", "backups", "dump", "dumps", "snapshot", "snapshots", "artifact", "artifacts", "revision", "revisions",
        "version", "versions", "point", "checkpoint");

    /// <summary>Objects after which <c>post</c> delivers a message (<c>slack_post_message</c>) rather than creates a resource (<c>API-post-page</c>).</summary>
    public static readonly HashSet<string> MessageNouns = Set(
        "message", "messages", "chatter", "tweet", "status", "reply", "dm", "chat", "notification", "notifications", "announcement");

    /// <summary>Name words or input names that put a tool in a browser or page, where close, select, upload and drop are UI actions.</summary>
    public static readonly HashSet<string> UiWords = Set(
        "browser", "page", "tab", "element", "dom", "screen", "window", "puppeteer", "playwright", "selector", "pageid", "ref");

    /// <summary>Verbs that are UI actions when the tool acts in a browser or page (<c>browser_close</c>, <c>browser_drop</c>, <c>upload_file</c> with a page id).</summary>
    public static readonly HashSet<string> UiActionVerbs = Set(
        "close", "select", "upload", "drop", "open", "save", "clear", "reload", "go", "back", "forward", "scroll", "new");

    /// <summary>Verbs that, on a pipeline, job or build, start or stop it rather than edit a record (<c>create_pipeline</c>, <c>cancel_pipeline_job</c>).</summary>
    public static readonly HashSet<string> JobControlVerbs = Set("create", "cancel", "abort", "new", "apply");

    /// <summary>The objects of <see cref="JobControlVerbs"/> that are running work.</summary>
    public static readonly HashSet<string> RunnableNouns = Set(
        "pipeline", "pipelines", "job", "jobs", "build", "builds", "run", "runs", "migration", "migrations");

    /// <summary>What a verb does, in rule order: the first class a word belongs to wins.</summary>
    public static VerbClass ClassOf(string word)
    {
        if (OtherVerbs.Contains(word)) { return VerbClass.Other; }
        if (DestructiveVerbs.Contains(word)) { return VerbClass.Destructive; }
        if (MoneyVerbs.Contains(word)) { return VerbClass.Money; }
        if (CodeVerbs.Contains(word)) { return VerbClass.Code; }
        if (JobVerbs.Contains(word)) { return VerbClass.Job; }
        if (CodeFetchVerbs.Contains(word)) { return VerbClass.CodeFetch; }
        if (MessagingVerbs.Contains(word)) { return VerbClass.Messaging; }
        if (InteractionVerbs.Contains(word)) { return VerbClass.Interaction; }
        if (WriteVerbs.Contains(word)) { return VerbClass.Write; }
        if (ReadVerbs.Contains(word)) { return VerbClass.Read; }
        return VerbClass.None;
    }

    /// <summary>
    /// The class of a description's leading verb. Same as <see cref="ClassOf"/> except where a verb means something
    /// milder at the head of a sentence: "Builds a CHANGELOG" writes a file, while <c>trigger_build</c> runs a job.
    /// </summary>
    public static VerbClass DescriptionClassOf(string word) => word switch
    {
        "build" or "rebuild" or "compile" => VerbClass.Write,
        _ => ClassOf(word),
    };

    /// <summary>Whether <paramref name="word"/> is a verb of any class the rules know.</summary>
    public static bool IsVerb(string word) => ClassOf(word) != VerbClass.None;

    /// <summary>The base form of an inflected English verb, when that base form is a known verb (<c>deletes</c> → <c>delete</c>).</summary>
    public static string? BaseForm(string word)
    {
        if (IsVerb(word)) { return word; }
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) && IsVerb(word.Substring(0, word.Length - 3) + "y")) { return word.Substring(0, word.Length - 3) + "y"; }
        if (word.Length > 3 && word.EndsWith("es", StringComparison.Ordinal) && IsVerb(word.Substring(0, word.Length - 2))) { return word.Substring(0, word.Length - 2); }
        if (word.Length > 2 && word.EndsWith("s", StringComparison.Ordinal) && !word.EndsWith("ss", StringComparison.Ordinal) && IsVerb(word.Substring(0, word.Length - 1))) { return word.Substring(0, word.Length - 1); }
        return null;
    }

    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.Ordinal);
}

/// <summary>What a verb does to the world; the classes the vocabulary sorts verbs into.</summary>
internal enum VerbClass
{
    /// <summary>Not a known verb.</summary>
    None,
    /// <summary>Only reads.</summary>
    Read,
    /// <summary>A supporting operation (think, echo, wait).</summary>
    Other,
    /// <summary>Creates or changes state.</summary>
    Write,
    /// <summary>Acts in a browser or user interface.</summary>
    Interaction,
    /// <summary>Delivers a message to people.</summary>
    Messaging,
    /// <summary>Clones, pulls or links code.</summary>
    CodeFetch,
    /// <summary>Starts, stops, builds, deploys or reloads a job or service.</summary>
    Job,
    /// <summary>Runs code or commands.</summary>
    Code,
    /// <summary>Moves money.</summary>
    Money,
    /// <summary>Removes or replaces something for good, or ends a session or credential.</summary>
    Destructive,
}

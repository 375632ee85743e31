using System;
using System.Collections.Generic;

namespace TypedMcp.Risk;

/// <summary>The word lists the rules match against (all lower case, compared ordinally).</summary>
internal static class RiskVocabulary
{
    /// <summary>Name verbs that destroy, take away or replace something.</summary>
    public static readonly HashSet<string> DestructiveVerbs = Set(
        "delete", "unlink", "uninstall", "revoke", "disconnect", "remove", "drop", "rollback", "restore",
        "overwrite", "purge", "destroy", "wipe", "truncate", "erase", "rotate", "reset", "unenroll",
        "unsubscribe", "unregister", "unpublish", "kill", "terminate");

    /// <summary>First-sentence words (third person) that say the tool destroys or replaces something.</summary>
    public static readonly HashSet<string> DestructiveSentenceWords = Set(
        "deletes", "unlinks", "uninstalls", "revokes", "disconnects", "removes", "drops", "overwrites",
        "purges", "destroys", "wipes", "truncates", "erases", "restores", "invalidates", "retires", "discards",
        "overwritten");

    /// <summary>Last name tokens that make the name a report about the words before it (<c>module_deploy_status</c>).</summary>
    public static readonly HashSet<string> ReportNouns = Set(
        "status", "history", "list", "info", "details", "summary", "stats", "types", "steps", "count",
        "version", "howto", "health", "connections", "current", "report", "overview", "log", "logs");

    /// <summary>Name tokens about money or accounting obligations.</summary>
    public static readonly HashSet<string> FinancialNameTokens = Set(
        "pay", "payment", "payments", "refund", "refunds", "reconcile", "journal", "quote", "quotation",
        "charge", "payout", "invoice_post");

    /// <summary>First-sentence phrases about money or accounting obligations.</summary>
    public static readonly string[] FinancialSentencePhrases =
    {
        "journal entry", "journal entries", "payment", "payments", "quotation", "quotations", "refund", "refunds",
        "posts the bill", "posts bills", "posts the invoice", "posts invoices",
    };

    /// <summary>Name tokens that run code, SQL, a shell or a command.</summary>
    public static readonly HashSet<string> CodeNameTokens = Set(
        "execute", "exec", "run", "sql", "ssh", "shell", "eval", "script", "git", "bash", "cmd");

    /// <summary>Parameter names that carry code, SQL or a command line.</summary>
    public static readonly HashSet<string> CodeParameters = Set(
        "command", "custom_command", "cmd", "script", "sql", "shell", "code", "expression", "python_code");

    /// <summary>Name tokens that mark a tool about authentication, where a <c>code</c> parameter is a one-time code.</summary>
    public static readonly HashSet<string> AuthenticationTokens = Set(
        "auth", "totp", "otp", "verify", "login", "identify", "code", "mfa", "2fa");

    /// <summary>Name tokens that send something to people.</summary>
    public static readonly HashSet<string> MessagingVerbs = Set(
        "send", "notify", "broadcast", "publish", "reply", "forward", "invite", "email", "mail", "sms");

    /// <summary>Name tokens that, with <c>post</c>, mean posting a message.</summary>
    public static readonly HashSet<string> MessageNouns = Set("message", "comment", "note", "chatter");

    /// <summary>Name tokens that deploy, install, upgrade or launch software.</summary>
    public static readonly HashSet<string> DeploymentVerbs = Set(
        "deploy", "redeploy", "upgrade", "install", "migrate", "onboard", "launch", "open", "start", "restart",
        "spawn", "boot");

    /// <summary>Name tokens that call an arbitrary endpoint, method or remote procedure anywhere in the name.</summary>
    public static readonly HashSet<string> RemoteCallTokens = Set("call", "invoke", "rpc", "webhook", "http");

    /// <summary>Name tokens that call an arbitrary endpoint when they end the name (<c>github_api</c>, <c>odoo_web_request</c>).</summary>
    public static readonly HashSet<string> RemoteCallSuffixes = Set("api", "request", "fetch_url", "curl");

    /// <summary>Parameter names that name an arbitrary endpoint.</summary>
    public static readonly HashSet<string> EndpointParameters = Set("endpoint", "path", "url", "route", "uri");

    /// <summary>First-sentence words that say the tool runs, sends or deploys something.</summary>
    public static readonly HashSet<string> ExecuteSentenceWords = Set(
        "runs", "executes", "sends", "deploys", "redeploys", "invokes", "calls", "forwards", "launches",
        "emails", "sql");

    /// <summary>Name verbs that grant identity, privileges or credentials.</summary>
    public static readonly HashSet<string> GrantVerbs = Set(
        "auth", "authenticate", "login", "identify", "verify", "elevate", "issue", "mint", "provision", "grant",
        "impersonate");

    /// <summary>Name tokens that name a credential or secret.</summary>
    public static readonly HashSet<string> CredentialNameTokens = Set(
        "secret", "secrets", "token", "tokens", "password", "passwords", "credential", "credentials", "totp",
        "apikey", "apikeys", "otp");

    /// <summary>Parameter name words that mark a credential (<c>password</c>, <c>api_key</c>, <c>portainer_token</c>).</summary>
    public static readonly HashSet<string> CredentialParameterWords = Set(
        "password", "passwd", "secret", "token", "credentials", "apikey", "passphrase");

    /// <summary>Words before <c>key</c> or <c>hash</c> that make a parameter or name a credential (<c>api_key</c>).</summary>
    public static readonly HashSet<string> KeyQualifiers = Set("api", "anthropic", "openai", "private", "access", "secret", "ssh");

    /// <summary>Boolean parameters that unlock a guarded effect.</summary>
    public static readonly HashSet<string> GuardFlags = Set("force", "confirm", "allow_restore", "allow_overwrite", "i_am_sure");

    /// <summary>Name verbs that create or change state.</summary>
    public static readonly HashSet<string> WriteVerbs = Set(
        "create", "add", "update", "write", "set", "configure", "link", "enroll", "upload", "import", "register",
        "clone", "pull", "push", "reload", "refresh", "fix", "gen", "generate", "tokenize", "translate", "flip",
        "share", "activate", "use", "close", "change", "edit", "move", "copy", "offer", "accept", "cancel",
        "connect", "logout", "disable", "enable", "insert", "save", "store", "put", "patch", "post", "assign",
        "subscribe", "rename", "merge", "archive", "approve", "confirm", "validate", "sync", "apply");

    /// <summary>Name verbs that only read.</summary>
    public static readonly HashSet<string> ReadVerbs = Set(
        "get", "list", "read", "search", "count", "show", "find", "check", "inspect", "export", "download",
        "view", "query", "describe", "discover", "depends", "lookup", "scan", "who", "whoami", "fetch", "browse",
        "preview", "diff", "compare", "recommend", "assess", "probe", "ping", "watch", "status", "info");

    /// <summary>First description words that say the tool only reads, reports or renders.</summary>
    public static readonly HashSet<string> ReadSentenceVerbs = Set(
        "lists", "returns", "reads", "shows", "gets", "fetches", "downloads", "searches", "counts", "checks",
        "reports", "renders", "exports", "finds", "looks", "compares", "classifies", "describes", "inspects",
        "summarises", "summarizes", "tells", "explains", "answers", "displays", "retrieves", "previews",
        "validates", "tests", "probes", "queries", "recommends");

    /// <summary>Whether <paramref name="token"/> is any verb the rules know.</summary>
    public static bool IsAnyVerb(string token)
        => DestructiveVerbs.Contains(token) || CodeNameTokens.Contains(token) || MessagingVerbs.Contains(token)
        || DeploymentVerbs.Contains(token) || RemoteCallTokens.Contains(token) || GrantVerbs.Contains(token)
        || WriteVerbs.Contains(token) || ReadVerbs.Contains(token);

    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.Ordinal);
}

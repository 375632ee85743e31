using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>How <see cref="JsonlPolicyAuditSink"/> names and rotates its files.</summary>
public sealed class JsonlAuditOptions
{
    /// <summary>
    /// Start a new file every UTC day: <c>audit.jsonl</c> is written as <c>audit-2026-11-28.jsonl</c>. Default false:
    /// the path is written as given (rotate it with logrotate or similar; the sink reopens it when it is moved away or
    /// truncated).
    /// </summary>
    public bool RollDaily { get; set; }

    /// <summary>
    /// Start a new file when the current one would grow past this many bytes: <c>audit.jsonl</c> continues as
    /// <c>audit.1.jsonl</c>, <c>audit.2.jsonl</c>… (with <see cref="RollDaily"/>, <c>audit-2026-11-28.1.jsonl</c>). Null: no size limit.
    /// </summary>
    public long? MaxFileBytes { get; set; }

    /// <summary>How often the sink checks that its file is still at its path (external rotation). Default one second.</summary>
    public TimeSpan ReopenCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock for daily files and checks (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Where write failures are logged (once until writing works again).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}

/// <summary>
/// An audit trail as JSON Lines: one line per decision, <c>{"time":"…Z","replica":"…","tool":"…","decision":"allow|deny",
/// "step":"…","rule":"/tools/…","policy":"run-time:policy.json","policyVersion":"…","argumentKeys":[…],
/// "argumentsSha256":"…"}</c> plus <c>approval</c>, <c>limit</c> and <c>limitOutcome</c> when they apply (see
/// docs/runtime-policy.md). Lines are written whole, one at a time (a lock serialises writers of one sink, each line is
/// one unbuffered write), so concurrent decisions never interleave. Give each process its own file (e.g. with the
/// replica id in the path); rotation by day or size is built in, and external rotation (the file moved away or
/// truncated) is noticed within <see cref="JsonlAuditOptions.ReopenCheckInterval"/>.
/// </summary>
public sealed partial class JsonlPolicyAuditSink : IPolicyAuditSink, IDisposable
{
    private readonly object _gate = new();
    private readonly string _path;
    private readonly JsonlAuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _line = new(512);
    private FileStream? _stream;
    private string? _currentPath;
    private string? _day;
    private int _part;
    private long _lastCheck;
    private bool _failing;
    private bool _disposed;

    /// <summary>Creates the sink; the file is created on the first decision.</summary>
    /// <param name="path">The audit file, e.g. <c>/var/log/agent/audit.jsonl</c>.</param>
    /// <param name="options">Rotation, clock and logging.</param>
    public JsonlPolicyAuditSink(string path, JsonlAuditOptions? options = null)
    {
        if (string.IsNullOrEmpty(path)) { throw new ArgumentException("An audit file path is required.", nameof(path)); }
        _path = Path.GetFullPath(path);
        _options = options ?? new JsonlAuditOptions();
        _time = _options.TimeProvider ?? TimeProvider.System;
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("TypedMcp.Audit");
    }

    /// <summary>The file lines are being written to now (null before the first line).</summary>
    public string? CurrentPath
    {
        get
        {
            lock (_gate) { return _currentPath; }
        }
    }

    /// <inheritdoc/>
    public void Write(PolicyAuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (_disposed) { return; }
            _line.Clear();
            Serialize(record, _line);
            try
            {
                var stream = Open(_line.WrittenCount);
                stream.Write(_line.WrittenSpan);
                stream.Flush();
                if (_failing)
                {
                    _failing = false;
                    LogRecovered(_logger, _currentPath ?? _path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                CloseStream();
                if (!_failing)
                {
                    _failing = true;
                    LogWriteFailed(_logger, _currentPath ?? _path, e.Message);
                }
            }
        }
    }

    /// <summary>Closes the file at once, so an external rotation can proceed; the next line opens it again.</summary>
    public void Reopen()
    {
        lock (_gate) { CloseStream(); }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            CloseStream();
        }
    }

    /// <summary>Writes one record as a JSON line (with the trailing newline).</summary>
    internal static void Serialize(PolicyAuditRecord record, IBufferWriter<byte> output)
    {
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = false }))
        {
            json.WriteStartObject();
            json.WriteString("time", record.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("replica", record.ReplicaId);
            json.WriteString("tool", record.Tool);
            json.WriteString("decision", record.Decision);
            json.WriteString("step", DecisionNames.Step(record.Step));
            json.WriteString("rule", record.Rule);
            if (record.Policy is not null) { json.WriteString("policy", record.Policy); }
            if (record.PolicyVersion is not null) { json.WriteString("policyVersion", record.PolicyVersion); }
            if (record.ArgumentKeys is not null)
            {
                json.WriteStartArray("argumentKeys");
                foreach (var key in record.ArgumentKeys) { json.WriteStringValue(key); }
                json.WriteEndArray();
            }

            if (record.ArgumentsSha256 is not null) { json.WriteString("argumentsSha256", record.ArgumentsSha256); }
            if (record.Approval is not null) { json.WriteString("approval", record.Approval); }
            if (record.LimitId is not null) { json.WriteString("limit", record.LimitId); }
            if (record.LimitOutcome is not null) { json.WriteString("limitOutcome", record.LimitOutcome); }
            json.WriteEndObject();
        }

        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }

    private FileStream Open(int nextLineBytes)
    {
        var now = _time.GetUtcNow();
        var day = _options.RollDaily ? now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        if (_stream is not null && !string.Equals(day, _day, StringComparison.Ordinal))
        {
            CloseStream();
            _part = 0;
        }

        if (_stream is not null && _options.MaxFileBytes is { } max && _stream.Length > 0 && _stream.Length + nextLineBytes > max)
        {
            CloseStream();
            _part++;
        }

        // External rotation: the file moved away, deleted or truncated under us.
        if (_stream is not null && _time.GetElapsedTime(_lastCheck) >= _options.ReopenCheckInterval)
        {
            _lastCheck = _time.GetTimestamp();
            var info = new FileInfo(_currentPath!);
            if (!info.Exists || info.Length < _stream.Length) { CloseStream(); }
        }

        if (_stream is not null) { return _stream; }
        _day = day;
        while (true)
        {
            var path = PathFor(day, _part);
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) { Directory.CreateDirectory(directory); }
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            if (_options.MaxFileBytes is { } limit && stream.Length > 0 && stream.Length + nextLineBytes > limit)
            {
                stream.Dispose();
                _part++;
                continue;
            }

            _stream = stream;
            _currentPath = path;
            _lastCheck = _time.GetTimestamp();
            return stream;
        }
    }

    private string PathFor(string? day, int part)
    {
        var directory = Path.GetDirectoryName(_path) ?? string.Empty;
        var extension = Path.GetExtension(_path);
        var stem = Path.GetFileNameWithoutExtension(_path);
        if (day is not null) { stem = stem + "-" + day; }
        if (part > 0) { stem = stem + "." + part.ToString(CultureInfo.InvariantCulture); }
        return Path.Combine(directory, stem + extension);
    }

    private void CloseStream()
    {
        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
            // Closing a file whose disk failed: nothing more to lose.
        }

        _stream = null;
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Error, Message = "The policy audit trail cannot be written to {Path}: {Reason}. Decisions are not audited until it can be written again.")]
    private static partial void LogWriteFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "The policy audit trail is written to {Path} again.")]
    private static partial void LogRecovered(ILogger logger, string path);
}

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace TypedMcp.Runtime.Tests.Infrastructure;

/// <summary>A temporary policy file, deleted on dispose.</summary>
public sealed class TempPolicyFile : IDisposable
{
    public TempPolicyFile(string text, string name = "runtime.policy.json")
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "typedmcp-runtime-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, name);
        File.WriteAllText(Path, text);
    }

    public string Directory { get; }

    public string Path { get; }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>An approval hook that records what it was asked and answers as told.</summary>
public sealed class RecordingApprovals : IToolApprovalService
{
    private readonly bool _answer;

    public RecordingApprovals(bool answer) => _answer = answer;

    public List<ToolApprovalRequest> Requests { get; } = new();

    public ValueTask<bool> ApproveAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
    {
        lock (Requests) { Requests.Add(request); }
        return ValueTask.FromResult(_answer);
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>Collects every log entry: the formatted message and every structured value.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    public ConcurrentQueue<(LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Logger : ILogger
    {
        private readonly CollectingLoggerProvider _owner;

        public Logger(CollectingLoggerProvider owner) => _owner = owner;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> list ? list : Array.Empty<KeyValuePair<string, object?>>();
            _owner.Entries.Enqueue((logLevel, formatter(state, exception), values));
        }
    }
}

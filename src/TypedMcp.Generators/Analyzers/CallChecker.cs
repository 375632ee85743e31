using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedMcp.Generators.Diagnostics;
using TypedMcp.Policy;

namespace TypedMcp.Generators.Analyzers;

/// <summary>
/// The per-compilation state of the policy analyzer: decides each call site with the policy evaluator and turns the
/// decision into a diagnostic. Thread-safe (operation actions run concurrently).
/// </summary>
internal sealed class CallChecker
{
    private const string NoServer = "";
    private readonly MarkerSymbols _symbols;
    private readonly PolicyFiles _files;
    private readonly ConcurrentDictionary<IMethodSymbol, ToolMethod?> _tools = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<string, byte> _uncheckedServers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ITypeSymbol, string> _clientServers = new(SymbolEqualityComparer.Default);
    private readonly FirstLocation _firstUse = new();
    private readonly FirstLocation _firstUnchecked = new();
    private int _usesTypedMcp;

    public CallChecker(MarkerSymbols symbols, PolicyFiles files)
    {
        _symbols = symbols;
        _files = files;
    }

    /// <summary>A call: a generated tool method, or <c>CallToolAsync</c> with a constant tool name.</summary>
    public void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (GetTool(method) is { } tool)
        {
            Check(context, tool.ToolName, tool.Server, CallArguments.Lazy(() => CallArguments.FromToolMethod(invocation, tool)));
            return;
        }

        if (!IsCallToolAsync(method)) { return; }
        IArgumentOperation? nameArgument = null;
        IArgumentOperation? dictionaryArgument = null;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "toolName": nameArgument = argument; break;
                case "arguments": dictionaryArgument = argument; break;
            }
        }

        NoteUse(invocation.Syntax);
        if ((nameArgument is null ? null : ConstantName(nameArgument.Value, context.CancellationToken)) is not { } toolName) { return; }
        var server = ServerOf(invocation.Instance?.Type);
        Check(context, toolName, server, CallArguments.Lazy(() => CallArguments.FromDictionary(dictionaryArgument)));
    }

    /// <summary>
    /// <c>Name = "tool"</c> on the SDK's <c>CallToolRequestParams</c> (in an object initializer or an assignment): the
    /// params object names the tool every overload that takes it calls (<c>CallToolAsync(CallToolRequestParams)</c>,
    /// <c>SendRequestAsync</c>…), so a constant name is decided where it is set. Its arguments are left to run time.
    /// </summary>
    public void AnalyzeCallToolParamsName(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "Name" } property }
            || !SymbolEqualityComparer.Default.Equals(property.ContainingType, _symbols.CallToolParams))
        {
            return;
        }

        if (ConstantName(assignment.Value, context.CancellationToken) is not { } toolName) { return; }
        Check(context, toolName, null, CallArguments.AllUnknown);
    }

    /// <summary>
    /// The tool name when it is known at compile time: a constant (literal, const, nameof, constant concatenation or
    /// interpolation), or a <c>static readonly string</c> field initialised with a literal (or a concatenation of
    /// literals) and not assigned in a static constructor.
    /// </summary>
    private static string? ConstantName(IOperation value, CancellationToken cancellationToken)
    {
        while (value is IConversionOperation conversion) { value = conversion.Operand; }
        if (value.ConstantValue is { HasValue: true, Value: string constant }) { return constant; }
        if (value is not IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true, Type.SpecialType: SpecialType.System_String } field }) { return null; }
        if (field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer })
        {
            return null;
        }

        var text = LiteralText(initializer);
        if (text is null) { return null; }
        foreach (var constructor in field.ContainingType.StaticConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                foreach (var assignment in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (assignment is AssignmentExpressionSyntax { Left: var left } && AssignedName(left) == field.Name) { return null; }
                }
            }
        }

        return text;
    }

    private static string? LiteralText(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression)
            && LiteralText(binary.Left) is { } left && LiteralText(binary.Right) is { } right => left + right,
        ParenthesizedExpressionSyntax parenthesized => LiteralText(parenthesized.Expression),
        _ => null,
    };

    private static string? AssignedName(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// A typed client that implements an interface (or any abstraction) with a denied tool method lets callers reach
    /// the tool through that interface, where the call site cannot see the tool. The mapping itself is the error:
    /// reported on the interface in the client's base list.
    /// </summary>
    public void AnalyzeInterfaceMappings(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class || type.AllInterfaces.Length == 0 || _symbols.McpTool is null || !HasToolMethod(type)) { return; }
        foreach (var @interface in type.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers())
            {
                if (member is not IMethodSymbol interfaceMethod
                    || type.FindImplementationForInterfaceMember(interfaceMethod) is not IMethodSymbol implementation
                    || GetTool(implementation) is not { } tool)
                {
                    continue;
                }

                var file = _files.For(tool.Server);
                if (file is null) { continue; }
                var decision = PolicyEvaluator.Evaluate(file.Policy, tool.ToolName, CallArguments.AllUnknown);
                if (!decision.IsDenied) { continue; }
                var location = InterfaceLocation(type, @interface, context.CancellationToken) ?? type.Locations[0];
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(PolicyAnalyzer.ToolNameProperty, decision.ToolName)
                    .Add(PolicyAnalyzer.PolicyPathProperty, file.Path);
                context.ReportDiagnostic(Diagnostic.Create(DenialDescriptor(decision)!, location, properties,
                    $"'{type.Name}' exposes tool '{tool.ToolName}' through '{@interface.Name}.{interfaceMethod.Name}', where call sites cannot be checked: {decision.Message}"));
            }
        }
    }

    /// <summary>Most classes declare no tool method: a cheap test before mapping interface members.</summary>
    private bool HasToolMethod(INamedTypeSymbol type)
    {
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && GetTool(method) is not null) { return true; }
            }
        }

        return false;
    }

    private static Location? InterfaceLocation(INamedTypeSymbol type, INamedTypeSymbol @interface, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax { BaseList: { } baseList }) { continue; }
            foreach (var baseType in baseList.Types)
            {
                var name = baseType.Type is QualifiedNameSyntax q ? q.Right.Identifier.ValueText
                    : baseType.Type is SimpleNameSyntax n ? n.Identifier.ValueText : null;
                if (name == @interface.Name) { return baseType.GetLocation(); }
            }
        }

        return null;
    }

    /// <summary>A method group of a tool method (a delegate that will call it): its arguments are unknown.</summary>
    public void AnalyzeMethodReference(OperationAnalysisContext context)
    {
        var reference = (IMethodReferenceOperation)context.Operation;
        if (GetTool(reference.Method) is not { } tool) { return; }
        Check(context, tool.ToolName, tool.Server, CallArguments.AllUnknown);
    }

    /// <summary>Notes that the compilation declares a typed client (for TMCP0108).</summary>
    public void AnalyzeNamedType(SymbolAnalysisContext context)
    {
        if (MarkerSymbols.Find(context.Symbol, _symbols.McpClientAttribute) is { } attribute)
        {
            NoteUse(attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken));
        }
    }

    /// <summary>
    /// At the end of the compilation: one TMCP0108 (Info) when the project has no policy file at all, or one TMCP0110
    /// (Warning) when it has policy files but none applies to some calls; located at the first use (the smallest file
    /// path and position, whatever the analysis order) so .editorconfig applies to it.
    /// </summary>
    public void ReportUncheckedCalls(CompilationAnalysisContext context)
    {
        if (_files.IsEmpty)
        {
            if (Volatile.Read(ref _usesTypedMcp) == 0) { return; }
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoPolicy, _firstUse.Location,
                "any server", "there is no policy.json among the AdditionalFiles"));
            return;
        }

        if (_uncheckedServers.IsEmpty) { return; }
        var servers = new List<string>();
        foreach (var server in _uncheckedServers.Keys) { servers.Add(server.Length == 0 ? "(no server)" : server); }
        servers.Sort(StringComparer.Ordinal);
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CallUncoveredByPolicy, _firstUnchecked.Location,
            string.Join(", ", servers), "there is no policy.json and no <server>.policy.json for them among the AdditionalFiles"));
    }

    // The arguments are read only if a rule of the tool has predicates (most have none).
    private void Check(OperationAnalysisContext context, string toolName, string? server, IPolicyArguments arguments)
    {
        // The generated tool methods call their own tool by name: not a user's call (and not a "first use" either).
        if (IsInsideToolMethod(context.ContainingSymbol)) { return; }
        var syntax = context.Operation.Syntax;
        NoteUse(syntax);
        var file = _files.For(server);
        if (file is null)
        {
            _uncheckedServers.TryAdd(server ?? NoServer, 0);
            _firstUnchecked.Note(syntax.GetLocation());
            return;
        }

        try
        {
            var decision = PolicyEvaluator.Evaluate(file.Policy, toolName, arguments);
            Report(context, decision, file, syntax);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never let a bug open the policy silently: the call is reported as an error.
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, syntax.GetLocation(),
                e.GetType().Name, $"checking the call of tool '{toolName}' against {file.Path} (the call is treated as denied)", e.Message));
        }
    }

    private static void Report(OperationAnalysisContext context, PolicyDecision decision, PolicyFile file, SyntaxNode syntax)
    {
        var denial = DenialDescriptor(decision);
        if (denial is null && decision.UndecidedPredicates.Count == 0 && decision.Limits.Count == 0) { return; }
        var location = syntax.GetLocation();
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(PolicyAnalyzer.ToolNameProperty, decision.ToolName)
            .Add(PolicyAnalyzer.PolicyPathProperty, file.Path);
        if (denial is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(denial, location, properties, decision.Message));
            if (decision.IsDenied) { return; }
        }

        // The call may go ahead (or go ahead after approval): say what run time still decides.
        foreach (var predicate in decision.UndecidedPredicates)
        {
            var kind = predicate.Pointer.IndexOf("/require_approval_if/", StringComparison.Ordinal) >= 0 ? "require_approval_if" : predicate.Pointer.IndexOf("/require/", StringComparison.Ordinal) >= 0 ? "require" : "deny_if";
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CallCheckedAtRunTime, location, properties,
                decision.ToolName, predicate.Pointer, kind + " " + predicate, file.Path, Line(predicate.Span.StartLine), string.Join(".", predicate.ArgumentPath)));
        }

        if (decision.Limits.Count > 0)
        {
            var limits = new List<string>(decision.Limits.Count);
            foreach (var limit in decision.Limits) { limits.Add(limit.ToString()); }
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CallHasLimits, location, properties,
                decision.ToolName, file.Path, string.Join("; ", limits)));
        }
    }

    private static DiagnosticDescriptor? DenialDescriptor(PolicyDecision decision) => decision.Step switch
    {
        DecisionStep.PolicyUnreadable => DiagnosticDescriptors.CallDeniedPolicyUnreadable,
        DecisionStep.Hidden => DiagnosticDescriptors.CallHiddenTool,
        DecisionStep.NotListed => DiagnosticDescriptors.CallUnlistedTool,
        DecisionStep.ActionDeny => DiagnosticDescriptors.CallDeniedTool,
        DecisionStep.RequireFailed or DecisionStep.DenyIfMatched => DiagnosticDescriptors.CallDeniedByPredicate,
        DecisionStep.ApprovalRequired => DiagnosticDescriptors.CallRequiresApproval,
        _ => decision.IsDenied ? DiagnosticDescriptors.CallDeniedTool : null,
    };

    private static string Line(int line) => line.ToString(CultureInfo.InvariantCulture);

    private ToolMethod? GetTool(IMethodSymbol method)
    {
        if (_symbols.McpTool is null) { return null; }
        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        return _tools.GetOrAdd(definition, ReadTool);
    }

    private ToolMethod? ReadTool(IMethodSymbol method)
    {
        var attribute = MarkerSymbols.Find(method, _symbols.McpTool);
        if (attribute is null || attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments[0].Value is not string toolName) { return null; }
        var wireNames = new Dictionary<int, string>();
        foreach (var parameter in method.Parameters)
        {
            if (MarkerSymbols.Find(parameter, _symbols.McpArgument) is { ConstructorArguments.Length: > 0 } argument
                && argument.ConstructorArguments[0].Value is string wireName)
            {
                wireNames[parameter.Ordinal] = wireName;
            }
        }

        var server = MarkerSymbols.FindName(method.ContainingType, _symbols.McpServer);
        return new ToolMethod(toolName, server is { Length: > 0 } ? server : null, wireNames);
    }

    private bool IsCallToolAsync(IMethodSymbol method)
        => (method.Name == "CallToolAsync"
            && (MarkerSymbols.InheritsFrom(method.ContainingType, _symbols.ClientBase) || MarkerSymbols.InheritsFrom(method.ContainingType, _symbols.SdkClient)))
           // The protected choke point, called by name from a subclass: the same check as CallToolAsync (same parameter names).
           || (method.Name == "CallToolCoreAsync" && MarkerSymbols.InheritsFrom(method.ContainingType, _symbols.ClientBase));

    /// <summary>
    /// The server of a typed client (the receiver's type or a base type): the <c>[McpServer]</c> the generator puts on
    /// it, which is the catalog's <c>server.name</c> even when <c>[McpClient]</c> names the catalog by its file name
    /// (the embedded policy is chosen by the same name); else, when nothing was generated, the attribute's argument.
    /// </summary>
    private string? ServerOf(ITypeSymbol? type)
    {
        if (type is null) { return null; }
        var server = _clientServers.GetOrAdd(type, t => MarkerSymbols.FindName(t, _symbols.McpServer) ?? MarkerSymbols.FindName(t, _symbols.McpClientAttribute) ?? NoServer);
        return server.Length == 0 ? null : server;
    }

    /// <summary>Notes that the compilation uses TypedMcp here (for TMCP0108 and where it is reported).</summary>
    private void NoteUse(SyntaxNode? node)
    {
        // Only TMCP0108 without any policy file needs the first use: with one, calls are checked and nothing is noted.
        if (!_files.IsEmpty || node is null) { return; }
        Interlocked.Exchange(ref _usesTypedMcp, 1);
        _firstUse.Note(node.GetLocation());
    }

    /// <summary>Calls made by a tool method itself (e.g. a hand-written one calling CallToolCoreAsync) are not user calls.</summary>
    private bool IsInsideToolMethod(ISymbol? symbol) => symbol is IMethodSymbol method && GetTool(method) is not null;

    /// <summary>
    /// The smallest source location (by file path, then position) among those noted from concurrent actions, so a
    /// once-per-compilation diagnostic lands at the same place whatever the analysis order; <see cref="Location.None"/>
    /// when none was noted.
    /// </summary>
    private sealed class FirstLocation
    {
        private readonly object _gate = new();
        private Location? _first;

        public Location Location
        {
            get { lock (_gate) { return _first ?? Location.None; } }
        }

        public void Note(Location location)
        {
            if (!location.IsInSource) { return; }
            lock (_gate)
            {
                if (_first is null || Compare(location, _first) < 0) { _first = location; }
            }
        }

        private static int Compare(Location a, Location b)
        {
            var byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
            return byPath != 0 ? byPath : a.SourceSpan.Start.CompareTo(b.SourceSpan.Start);
        }
    }
}

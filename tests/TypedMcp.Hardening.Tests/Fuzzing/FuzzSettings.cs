using System;
using System.Globalization;

namespace TypedMcp.Hardening.Tests.Fuzzing;

/// <summary>
/// How many cases a fuzz run makes and from which seed. The test suite's defaults keep the run under a minute on two
/// cores; <c>scripts/fuzz/run.sh</c> raises them through the environment:
/// <c>TYPEDMCP_FUZZ_SEED</c>, <c>TYPEDMCP_FUZZ_CASES</c> (per Model target) and <c>TYPEDMCP_FUZZ_E2E_CASES</c>.
/// </summary>
public static class FuzzSettings
{
    /// <summary>The seed of the checked-in suite run; a failure message always names the seed and case to replay.</summary>
    public const int DefaultSeed = 20261124;

    /// <summary>Cases per Model target (JSON reader, catalog parser, policy parser): 3 × 3,400 = 10,200 by default.</summary>
    public const int DefaultModelCases = 3_400;

    /// <summary>Cases through generator + analyzer end to end.</summary>
    public const int DefaultEndToEndCases = 60;

    public static int Seed => Read("TYPEDMCP_FUZZ_SEED", DefaultSeed);

    public static int ModelCases => Read("TYPEDMCP_FUZZ_CASES", DefaultModelCases);

    public static int EndToEndCases => Read("TYPEDMCP_FUZZ_E2E_CASES", DefaultEndToEndCases);

    private static int Read(string name, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;
    }
}

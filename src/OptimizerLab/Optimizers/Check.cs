using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>Hyper-parameter checks that throw with torch's wording ("Invalid learning rate: -1.0").</summary>
/// <remarks>
/// Written as <c>!(low &lt;= value)</c> so that NaN fails every check, as it does in torch.
/// Unlike torch, infinities are rejected too: no optimizer is defined for an infinite hyper-parameter.
/// A check given only the option's torch name words its message as torch does for most options (see <see cref="Message"/>);
/// the message is built only on failure, as validation runs before every step.
/// </remarks>
internal static class Check
{
    /// <summary>0 &lt;= value &lt; ∞; a <paramref name="message"/> replaces torch's usual one where torch words it otherwise.</summary>
    public static void NonNegative(double value, string parameterName, string? message = null)
    {
        if (!(value >= 0.0) || double.IsInfinity(value)) Fail(value, parameterName, message);
    }

    /// <summary>0 &lt;= value &lt;= 1.</summary>
    public static void InClosedUnitInterval(double value, string parameterName)
    {
        if (!(value >= 0.0 && value <= 1.0)) Fail(value, parameterName);
    }

    public static void Finite(double value, string parameterName, string? message = null)
    {
        if (!double.IsFinite(value)) Fail(value, parameterName, message);
    }

    /// <summary>torch's check of <c>betas</c>: each in [0, 1).</summary>
    public static void Betas(double beta1, double beta2)
    {
        if (!(beta1 >= 0.0 && beta1 < 1.0)) Fail(beta1, "betas", "Invalid beta parameter at index 0");
        if (!(beta2 >= 0.0 && beta2 < 1.0)) Fail(beta2, "betas", "Invalid beta parameter at index 1");
    }

    public static void Fail(double value, string parameterName, string? message = null) =>
        throw new ArgumentOutOfRangeException(parameterName, value, $"{message ?? Message(parameterName)}: {PythonFloat.Repr(value)}");

    /// <summary>Throws unless <paramref name="condition"/> holds; takes the value as a bool and boxes it only on failure (validation runs on every step, allocation-free).</summary>
    public static void Requires(bool condition, string parameterName, bool value, string message)
    {
        if (!condition) throw new ArgumentOutOfRangeException(parameterName, value, message);
    }

    /// <summary>torch's usual message for an option: "Invalid learning rate", "Invalid epsilon value", else "Invalid {name} value".</summary>
    private static string Message(string parameterName) => parameterName switch
    {
        "lr" => "Invalid learning rate",
        "eps" => "Invalid epsilon value",
        _ => $"Invalid {parameterName} value",
    };
}

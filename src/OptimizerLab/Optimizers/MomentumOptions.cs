using System.Text.Json.Serialization;

namespace OptimizerLab.Optimizers;

/// <summary>
/// The options of torch's optimizers with a momentum factor (SGD, RMSprop): <see cref="DecayOptions"/> and
/// <c>momentum</c>, which is what a cyclic schedule varies.
/// </summary>
public abstract record MomentumOptions : DecayOptions
{
    /// <summary>
    /// Momentum factor μ; 0 turns momentum off. RMSprop's must not go from 0 to positive after the first step (torch has
    /// no buffer then).
    /// </summary>
    public double Momentum { get; set; }

    /// <inheritdoc />
    [JsonIgnore] // System.Text.Json does not inherit the base property's attribute on an override.
    public override double? CyclicMomentum
    {
        get => Momentum;
        set => Momentum = value ?? throw new ArgumentNullException(nameof(value));
    }
}

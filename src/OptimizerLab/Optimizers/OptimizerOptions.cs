using System.Text.Json.Serialization;

namespace OptimizerLab.Optimizers;

/// <summary>
/// The hyper-parameters of one parameter group (torch's <c>param_group</c> dict), common to every optimizer.
/// Options are mutable so that a learning-rate schedule can change them between steps, as torch's schedulers do;
/// every optimizer validates them when it is built and again before each step, so an invalid value never reaches the arithmetic.
/// </summary>
public abstract record OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double Lr { get; set; }

    /// <summary>
    /// The learning rate the first schedule attached to this group started from (torch's <c>param_group['initial_lr']</c>),
    /// or null before any schedule was attached. Like torch, a schedule sets it only if it is unset, so a second schedule
    /// on the same optimizer starts from the first one's initial value; it is saved with the optimizer's state, as in torch.
    /// </summary>
    public double? InitialLr { get; set; }

    /// <summary>
    /// The value a cyclic schedule varies against the learning rate (torch's <c>cycle_momentum</c>):
    /// momentum for SGD and RMSprop, beta1 for the Adam family; null for optimizers that have none.
    /// </summary>
    /// <remarks>Not saved with the state: it is another name for a saved option, and has no setter on optimizers without one.</remarks>
    [JsonIgnore]
    public virtual double? CyclicMomentum
    {
        get => null;
        set => throw new InvalidOperationException($"{GetType().Name} has no momentum or beta1 for a schedule to cycle.");
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid hyper-parameter, with torch's message, in
    /// torch's order: lr first, as every torch optimizer checks it first, then <see cref="ValidateAfterLr"/>.
    /// </summary>
    public void Validate()
    {
        Check.NonNegative(Lr, "lr", LrMessage);
        ValidateAfterLr();
    }

    /// <summary>Checks every hyper-parameter but lr, in torch's order and with torch's messages (<see cref="Validate"/> has checked lr).</summary>
    protected abstract void ValidateAfterLr();

    /// <summary>torch's message for an invalid lr where it is not the usual "Invalid learning rate" (Adafactor's), else null.</summary>
    private protected virtual string? LrMessage => null;
}

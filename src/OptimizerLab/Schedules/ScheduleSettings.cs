using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// A schedule's own settings, declared once as a positional record: each parameter is a setting, saved under torch's
/// name for it (the snake case of the parameter's name, or a <see cref="TorchOptionAttribute.Name"/> such as <c>T_max</c>),
/// in the order of the parameters. <see cref="LearningRateSchedule"/> checks them with <see cref="Validate"/> before it
/// changes anything, both when the schedule is built and when a state is loaded, and writes and reads them for its state.
/// </summary>
/// <remarks>A setting is an <c>int</c> (saved as a JSON integer) or a <c>double</c> (saved in shortest round-trip form).</remarks>
internal abstract record ScheduleSettings
{
    private static readonly ConcurrentDictionary<Type, Declaration> Cache = new();

    /// <summary>torch's argument checks; throws <see cref="ArgumentException"/> with torch's message. Nothing to check by default.</summary>
    public virtual void Validate()
    {
    }

    /// <summary>Writes every setting into a schedule's state, in declaration order.</summary>
    public void WriteTo(JsonObject state)
    {
        foreach (var field in Declared(GetType()).Fields)
        {
            state[field.Name] = field.Property.GetValue(this) switch
            {
                int whole => JsonValue.Create(whole),
                var number => ScheduleStateFormat.Number((double)number!),
            };
        }
    }

    /// <summary>
    /// Reads settings of <paramref name="type"/> from a schedule's state and checks them; a missing, mistyped or invalid
    /// setting throws the reader's <see cref="InvalidDataException"/>.
    /// </summary>
    public static ScheduleSettings Read(ScheduleStateReader reader, Type type)
    {
        var declaration = Declared(type);
        object[] values = declaration.Fields.Select(field => field.Property.PropertyType == typeof(int)
            ? (object)reader.Int(field.Name)
            : reader.Double(field.Name)).ToArray();
        var settings = (ScheduleSettings)declaration.Constructor.Invoke(values);
        reader.Validate(settings.Validate);
        return settings;
    }

    private static Declaration Declared(Type type) => Cache.GetOrAdd(type, static t =>
    {
        // The primary constructor (a record's only public one) is the declaration: its parameters give the settings and their order.
        var constructor = t.GetConstructors().Single();
        var fields = constructor.GetParameters().Select(parameter =>
        {
            var property = t.GetProperty(parameter.Name!)!;
            if (property.PropertyType != typeof(int) && property.PropertyType != typeof(double))
                throw new InvalidOperationException($"{t.Name}.{property.Name} is a {property.PropertyType.Name}; schedule settings are int or double.");
            string name = property.GetCustomAttribute<TorchOptionAttribute>()?.Name ?? OptionField.SnakeCase(property.Name);
            return new Field(property, name);
        }).ToArray();
        return new Declaration(constructor, fields);
    });

    private sealed record Field(PropertyInfo Property, string Name);

    private sealed record Declaration(ConstructorInfo Constructor, Field[] Fields);
}

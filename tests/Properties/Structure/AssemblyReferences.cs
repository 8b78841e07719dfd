using System.Reflection;
using System.Reflection.Emit;

namespace OptimizerLab.Properties.Structure;

/// <summary>
/// The types each type of an assembly refers to: its base type, interfaces, fields, properties, method signatures, and
/// the operands of its method bodies' IL (the types, methods and fields called, created, loaded or tokenised).
/// Compiler-generated types (closures, iterators, state machines) are types too, so their bodies count for their namespace.
/// Not seen: types named only in attributes or generic constraints.
/// </summary>
internal static class AssemblyReferences
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every type <paramref name="type"/> refers to, generic arguments and element types unfolded.</summary>
    public static IEnumerable<Type> Of(Type type)
    {
        var found = new List<Type>();
        if (type.BaseType is Type baseType) found.Add(baseType);
        found.AddRange(type.GetInterfaces());
        foreach (var field in type.GetFields(Declared)) found.Add(field.FieldType);
        foreach (var property in type.GetProperties(Declared)) found.Add(property.PropertyType);
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info) found.Add(info.ReturnType);
            found.AddRange(method.GetParameters().Select(p => p.ParameterType));
            found.AddRange(BodyReferences(method));
        }

        return found.SelectMany(Unfold).Distinct();
    }

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            var opCode = OpCodesByValue[value];
            i += opCode.Size;
            int operandSize = OperandSize(opCode.OperandType, il, i);
            if (opCode.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, i);
                MemberInfo? member = null;
                try
                {
                    member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    // A token into another module's generic context that cannot be resolved here: not a reference of ours.
                }

                switch (member)
                {
                    case Type referenced:
                        yield return referenced;
                        break;
                    case MethodBase called:
                        if (called.DeclaringType is Type owner) yield return owner;
                        if (called is MethodInfo { IsGenericMethod: true } generic)
                        {
                            foreach (var argument in generic.GetGenericArguments()) yield return argument;
                        }

                        break;
                    case FieldInfo field:
                        if (field.DeclaringType is Type fieldOwner) yield return fieldOwner;
                        break;
                }
            }

            i += operandSize;
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };

    private static IEnumerable<Type> Unfold(Type type)
    {
        if (type.HasElementType) return Unfold(type.GetElementType()!);
        if (type.IsGenericParameter) return [];
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
            return Unfold(type.GetGenericTypeDefinition()).Concat(type.GetGenericArguments().SelectMany(Unfold));
        return [type];
    }
}

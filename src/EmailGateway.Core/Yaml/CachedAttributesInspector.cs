using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace EmailGateway.Yaml
{
    /// <summary>
    /// A serializer's type inspector that looks each property's attributes up once. YamlDotNet asks the
    /// reflection API for them on every property of every object it writes (several times each), which was
    /// most of the cost of writing an upgrade journal before and after every step. Attributes are fixed
    /// metadata, so the output is the same.
    /// </summary>
    public sealed class CachedAttributesInspector : ITypeInspector
    {
        private readonly ITypeInspector _inner;
        private readonly ConcurrentDictionary<Type, IPropertyDescriptor[]> _properties = new ConcurrentDictionary<Type, IPropertyDescriptor[]>();

        public CachedAttributesInspector(ITypeInspector inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

        public IEnumerable<IPropertyDescriptor> GetProperties(Type type, object? container) =>
            _properties.GetOrAdd(type, t => _inner.GetProperties(t, container).Select(p => (IPropertyDescriptor)new Property(p)).ToArray());

        public IPropertyDescriptor GetProperty(Type type, object? container, string name, bool ignoreUnmatched, bool caseInsensitivePropertyMatching) =>
            _inner.GetProperty(type, container, name, ignoreUnmatched, caseInsensitivePropertyMatching);

        public string GetEnumName(Type enumType, string name) => _inner.GetEnumName(enumType, name);

        public string GetEnumValue(object enumValue) => _inner.GetEnumValue(enumValue);

        public bool HasParseMethod(Type type) => _inner.HasParseMethod(type);

        public object? Parse(string value, Type type) => _inner.Parse(value, type);

        private sealed class Property : IPropertyDescriptor
        {
            private readonly IPropertyDescriptor _inner;
            private readonly ConcurrentDictionary<Type, Attribute?> _attributes = new ConcurrentDictionary<Type, Attribute?>();
            private readonly Lazy<Type?> _converterType;
            private readonly Lazy<bool> _required;

            public Property(IPropertyDescriptor inner)
            {
                _inner = inner;
                _converterType = new Lazy<Type?>(() => _inner.ConverterType);
                _required = new Lazy<bool>(() => _inner.Required);
            }

            public string Name => _inner.Name;
            public bool AllowNulls => _inner.AllowNulls;
            public bool CanWrite => _inner.CanWrite;
            public Type Type => _inner.Type;

            public Type? TypeOverride
            {
                get => _inner.TypeOverride;
                set => _inner.TypeOverride = value;
            }

            public int Order
            {
                get => _inner.Order;
                set => _inner.Order = value;
            }

            public ScalarStyle ScalarStyle
            {
                get => _inner.ScalarStyle;
                set => _inner.ScalarStyle = value;
            }

            public bool Required => _required.Value;
            public Type? ConverterType => _converterType.Value;

            public T? GetCustomAttribute<T>() where T : Attribute => (T?)_attributes.GetOrAdd(typeof(T), _ => _inner.GetCustomAttribute<T>());

            public IObjectDescriptor Read(object target) => _inner.Read(target);

            public void Write(object target, object? value) => _inner.Write(target, value);
        }
    }
}

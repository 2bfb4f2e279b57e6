namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

/// <summary>A running MQTT broker on loopback for one test class.</summary>
public interface IBrokerFixture
{
    /// <summary>Its port on 127.0.0.1.</summary>
    int Port { get; }

    /// <summary>A short name for messages.</summary>
    string Name { get; }
}

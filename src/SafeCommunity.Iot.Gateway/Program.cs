using SafeCommunity.Iot.Gateway.Hosting;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Storage.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayDefaults();
builder.AddGatewayStorage();
builder.AddIngestion();

var app = builder.Build();
app.MapGatewayDefaults();
await app.RunAsync();

/// <summary>The gateway's entry point (public for the functional tests' WebApplicationFactory).</summary>
public partial class Program;

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Storage.Relational.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AnalyticsCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AgentInteractions_TenantId_AgentId_CreatedAt",
                table: "AgentInteractions");

            migrationBuilder.CreateIndex(
                name: "IX_AgentInteractions_TenantId_AgentId_CreatedAt_Type_ProcessingTimeMs_Intent",
                table: "AgentInteractions",
                columns: new[] { "TenantId", "AgentId", "CreatedAt", "Type", "ProcessingTimeMs", "Intent" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AgentInteractions_TenantId_AgentId_CreatedAt_Type_ProcessingTimeMs_Intent",
                table: "AgentInteractions");

            migrationBuilder.CreateIndex(
                name: "IX_AgentInteractions_TenantId_AgentId_CreatedAt",
                table: "AgentInteractions",
                columns: new[] { "TenantId", "AgentId", "CreatedAt" });
        }
    }
}

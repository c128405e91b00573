CREATE INDEX "changes_repo_created_idx" ON "changes" USING btree ("repository","created_at");--> statement-breakpoint
CREATE INDEX "changes_kind_created_idx" ON "changes" USING btree ("author_kind","created_at");--> statement-breakpoint
CREATE INDEX "changes_head_sha_idx" ON "changes" USING btree ("repository","head_sha");--> statement-breakpoint
CREATE INDEX "changes_merge_sha_idx" ON "changes" USING btree ("repository","merge_sha");--> statement-breakpoint
CREATE INDEX "defects_fixed_change_idx" ON "defects" USING btree ("fixed_change_id");--> statement-breakpoint
CREATE INDEX "kpi_daily_read_idx" ON "kpi_daily" USING btree ("cohort_kind","metric","day");
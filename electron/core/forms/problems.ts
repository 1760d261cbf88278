/**
 * A form's problems, collected: each check run through `run` that fails adds its issues instead of
 * stopping the others (one issue per field, its first). `settle` then refuses the input with all of
 * them (the first one's code; its own message when it is the only one), or lets it through.
 */
import { ValidationError, type FieldIssue } from '../errors';

export class Problems {
  private first: ValidationError | null = null;
  private readonly issues: FieldIssue[] = [];

  /** `many(n)`: the refusal's message when there are n problems. */
  constructor(private readonly many: (n: number) => string) {}

  run<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      this.first ??= e;
      for (const i of e.issues ?? [{ path: e.field ?? '', message: e.userMessage }])
        if (!this.issues.some((x) => x.path === i.path)) this.issues.push(i);
      return undefined;
    }
  }

  settle(): void {
    const first = this.first;
    if (!first) return;
    if (this.issues.length === 1) throw first;
    throw new ValidationError(first.code, this.many(this.issues.length), first.field, undefined, this.issues);
  }
}

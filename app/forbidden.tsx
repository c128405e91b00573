import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="mt-2 text-muted-foreground" data-testid="forbidden">
        Your role does not give access to this page. Ask an admin if you need it.
      </p>
      <Link className="mt-4 inline-block text-primary underline" href="/">
        Back to the overview
      </Link>
    </main>
  );
}

import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-muted-foreground">There is nothing at this address.</p>
      <Link className="mt-4 inline-block text-primary underline" href="/">
        Back to the overview
      </Link>
    </main>
  );
}

// Runs before paint so the page never flashes the wrong theme (kept out of the client module:
// a server component importing a "use client" file gets a reference, not the string).
export const themeScript = `try{var t=localStorage.getItem("theme");if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch(e){}`;

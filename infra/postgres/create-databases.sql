-- One database and one user per service; each user owns only its own database.
-- Local-demo credentials only: real deployments get their passwords from a secret store.
create role booking login password 'booking';
create database booking owner booking;

create role payment login password 'payment';
create database payment owner payment;

create role ledger login password 'ledger';
create database ledger owner ledger;

create role notification login password 'notification';
create database notification owner notification;
